import type { Browser } from 'playwright-core';
import { readSession, updateOk } from '../api/mail-session.operations';
import { CANCEL, message, sent, TableQueue } from '../outbound/support';
import { insertInboundRows } from '../support/inbound-rows';
import { ADMIN_TOKEN, SENDER_TOKEN, useTestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, launchChromium, screenshot } from './browser';
import { signedIn } from './console-session';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

jest.setTimeout(90_000);

// Accepted outbound messages stay QUEUED (no worker): only the test changes their status.
const queue = new TableQueue();
const service = useTestApp({ adminConsole: {}, outboundQueue: queue });

describeInBrowser()('the live notice after the WebSocket dropped', () => {
  let browser: Browser;
  let proxy: TcpProxy;
  beforeAll(async () => {
    buildConsoleIfStale();
    [browser, proxy] = await Promise.all([launchChromium(), startTcpProxy(new URL(service.url))]);
    await TableQueue.createTable(service.db);
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

  it('shows the status an outbound message took while the socket was down, once it is back', async () => {
    const invoice = await sent(service, message({ subject: 'Invoice 7', to: ['billing@example.com'] }), SENDER_TOKEN);
    const { context, page, problems } = await signedIn(browser, proxy.origin, ADMIN_TOKEN);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Outbound mail' }).click();
    const row = page.getByRole('region', { name: 'Outbound messages' }).getByRole('row').filter({ hasText: 'Invoice 7' });
    await row.getByText('QUEUED', { exact: true }).waitFor();
    // Only a socket that was open can reopen: save settings until the page has heard one (announced on every view).
    const live = page.getByRole('region', { name: 'Notices' }).getByRole('status');
    let probes = 0;
    await waitUntil(
      'the page heard of a saved version',
      async () => {
        probes += 1;
        await updateOk(service, { defaultSender: { name: `Outbound probe ${probes}` } });
        return (await live.textContent())?.includes('of the settings was saved by alice') === true;
      },
      30_000,
      500,
    );

    const retried = page.waitForEvent('websocket');
    proxy.cut();
    await retried;
    // Cancelled through the API (not through the proxy) while the page is cut off.
    const cancelled = await service.gql<{ cancelOutboundMessage: { message: { status: string } } }>(CANCEL, { input: { id: invoice.id } }, ADMIN_TOKEN);
    expect(cancelled.data?.cancelOutboundMessage.message.status).toBe('CANCELLED');
    proxy.restore();

    // Back online, the page reads the queue again: nobody pressed Refresh.
    await row.getByText('CANCELLED', { exact: true }).waitFor({ timeout: 45_000 });
    expect(await row.getByRole('button', { name: 'Retry Invoice 7 to billing@example.com' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems.filter((problem) => !/WebSocket|ERR_CONNECTION|Failed to load resource|ERR_EMPTY_RESPONSE/i.test(problem))).toEqual([]);
    await context.close();
  });
});
