import { scrape } from '../support/metrics-scrape';
import { useTestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { acknowledged } from './subscription-clients';

describe('the open subscription sockets gauge', () => {
  // Port 0: any free port; the app reports the one it got in metricsUrl.
  const t = useTestApp({ metrics: { host: '127.0.0.1', port: 0 } });

  it('counts the sockets open now', async () => {
    const metricsUrl = () => t.app.metricsUrl ?? '';
    expect((await scrape(metricsUrl())).value('mail_session_subscription_sockets')).toBe(0);
    const first = await acknowledged(t.url);
    const second = await acknowledged(t.url);
    expect((await scrape(metricsUrl())).value('mail_session_subscription_sockets')).toBe(2);
    first.socket.close(1000);
    await first.closed;
    await waitUntil('the gauge counted the closed socket out', async () => (await scrape(metricsUrl())).value('mail_session_subscription_sockets') === 1);
    second.socket.close(1000);
    await second.closed;
  });
});
