import type { Browser } from 'playwright-core';
import { readSession, updateOk } from '../api/mail-session.operations';
import { insertInboundRows } from '../support/inbound-rows';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { buildConsoleIfStale, describeInBrowser, launchChromium, screenshot } from './browser';
import { signedIn } from './console-session';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

jest.setTimeout(90_000);

const service = useTestApp({ adminConsole: {} });

describeInBrowser()('the live notice after the WebSocket dropped', () => {
  let browser: Browser;
  let proxy: TcpProxy;
  beforeAll(async () => {
    buildConsoleIfStale();
    [browser, proxy] = await Promise.all([launchChromium(), startTcpProxy(new URL(service.url))]);
    await updateOk(service, { outgoing: { host: 'smtp.before.example', port: 587, security: 'STARTTLS' } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
  });

  it('notices a version saved while the socket was down, once it is back', async () => {
    const { context, page, problems } = await signedIn(browser, proxy.origin, ADMIN_TOKEN);
    const live = page.getByRole('region', { name: 'Notices' }).getByRole('status');
    // The page hears changes: one saved now is announced, and loaded.
    const first = (await readSession(service)).version + 1;
    await updateOk(service, { defaultSender: { name: 'Before the cut' } });
    await live.getByText(`Version ${first} of the settings was saved by alice`).waitFor();
    await live.getByRole('button', { name: `Load version ${first}` }).click();
    await live.getByText('was saved by').waitFor({ state: 'detached' });

    // The connection drops; a change is saved meanwhile: its event reaches no one.
    // The page tries to reopen it (a new WebSocket) only once it saw it drop.
    const retried = page.waitForEvent('websocket');
    proxy.cut();
    await retried;
    await updateOk(service, { defaultSender: { name: 'Saved during the cut' } });
    proxy.restore();

    // Back online, the page reads the version again and says so, as it would have at once.
    await live.getByText(`Version ${first + 1} of the settings was saved by alice`).waitFor({ timeout: 45_000 });
    expect(await live.textContent()).toContain(`This page shows version ${first}.`);
    await screenshot(page, 'live-notice-after-reconnect');
    // The form was not touched: it still shows (and would save over) the version it loaded.
    expect(await page.getByRole('region', { name: 'Default sender' }).getByLabel('Name', { exact: true }).inputValue()).toBe('Before the cut');
    // The dropped socket shows in the console as errors: anything else is a problem.
    expect(problems.filter((problem) => !/WebSocket|ERR_CONNECTION|Failed to load resource|ERR_EMPTY_RESPONSE/i.test(problem))).toEqual([]);
    await context.close();
  });

  it('lists an inbound message stored while the socket was down, once it is back', async () => {
    const { context, page, problems } = await signedIn(browser, proxy.origin, ADMIN_TOKEN);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Inbound mail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbound mail' }).waitFor();
    const notice = page.getByRole('main').getByRole('status');
    // The page hears stored messages: store probes until it has heard one.
    let probes = 0;
    await waitUntil(
      'the page heard of a stored message',
      async () => {
        probes += 1;
        await insertInboundRows(service.db.query, [{ subject: `Probe ${probes}` }]);
        return (await notice.textContent())?.includes('New message from') === true;
      },
      30_000,
      500,
    );

    const retried = page.waitForEvent('websocket');
    proxy.cut();
    await retried;
    await insertInboundRows(service.db.query, [{ subject: 'Stored during the cut', fromName: 'Erin', fromAddress: 'erin@example.com' }]);
    proxy.restore();

    const table = page.getByRole('region', { name: 'Inbound messages' });
    await table.getByRole('button', { name: 'Open Stored during the cut from Erin <erin@example.com>' }).waitFor({ timeout: 45_000 });
    expect(problems.filter((problem) => !/WebSocket|ERR_CONNECTION|Failed to load resource|ERR_EMPTY_RESPONSE/i.test(problem))).toEqual([]);
    await context.close();
  });
});
