import type { SMTPServerAddress } from 'smtp-server';
import type { TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { scrape } from '../support/metrics-scrape';
import type { OutboundRows } from '../support/outbound-rows';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import type { TestApp } from '../support/test-app';
import { FAST_OUTBOUND, rowWhen, startDeliveryRig, stopDeliveryRig } from './delivery-support';

describe('outbound delivery in the metrics and /readyz', () => {
  let db: TestDatabase;
  let t: TestApp;
  let peer: SmtpPeer;
  let rows: OutboundRows;
  let busy = true;

  beforeAll(async () => {
    const busyPeer = () =>
      startSmtpPeer({
        server: {
          onMailFrom(_address: SMTPServerAddress, _session, callback) {
            callback(busy ? Object.assign(new Error('Try again later'), { responseCode: 451 }) : undefined);
          },
        },
      });
    ({ db, peer, t, rows } = await startDeliveryRig(busyPeer, {
      metrics: { host: '127.0.0.1', port: await freePort() },
      // Retries a few seconds apart: the messages wait long enough to be seen waiting.
      outbound: { ...FAST_OUTBOUND, retryBaseMs: 3_000, retryMaxMs: 3_000 },
    }));
  });
  afterAll(() => stopDeliveryRig({ rows, t, peer, db }));

  it('shows the messages waiting, the oldest one, and the attempts by outcome', async () => {
    const metricsUrl = t.app.metricsUrl ?? '';
    const waiting = await rows.acceptMany(2);
    for (const row of waiting) await rowWhen(rows, row.id, 'is RETRYING', (r) => r.status === 'RETRYING');
    const during = await scrape(metricsUrl);
    expect(during.value('mail_session_outbound_messages', { status: 'RETRYING' })).toBe(2);
    expect(during.value('mail_session_outbound_messages', { status: 'QUEUED' })).toBe(0);
    expect(during.value('mail_session_outbound_oldest_waiting_seconds')).toBeGreaterThan(0);
    expect(during.count('mail_session_outbound_attempts_total', { outcome: 'retrying' })).toBe(2);
    expect(during.count('mail_session_outbound_attempts_total', { outcome: 'sent' })).toBe(0);

    busy = false;
    for (const row of waiting) await rowWhen(rows, row.id, 'is SENT', (r) => r.status === 'SENT');
    const after = await scrape(metricsUrl);
    expect(after.value('mail_session_outbound_messages', { status: 'RETRYING' })).toBe(0);
    expect(after.value('mail_session_outbound_oldest_waiting_seconds')).toBe(0);
    expect(after.count('mail_session_outbound_attempts_total', { outcome: 'sent' })).toBe(2);
  });

  it('reports ready while this instance works the queue, and not once it stopped taking jobs', async () => {
    const readyz = t.url.replace('/graphql', '/readyz');
    const ready = await fetch(readyz);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { outboundQueue: true } });
    await t.app.outboundDelivery.stop(1_000);
    const stopped = await fetch(readyz);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toMatchObject({ checks: { outboundQueue: false } });
  });
});
