import type { Browser } from 'playwright-core';
import { message, rowId, sent, TableQueue } from '../outbound/support';
import { ADMIN_TOKEN, SENDER_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, horizontalOverflow, launchChromium, screenshot } from './browser';
import { signedIn } from './console-session';

jest.setTimeout(60_000);

const queue = new TableQueue();
const service = useTestApp({ adminConsole: {}, outboundQueue: queue });
const origin = () => new URL(service.url).origin;

async function statusOf(id: string): Promise<string | undefined> {
  const [row] = await service.db.query<{ status: string }>('SELECT status FROM outbound_message WHERE id = $1', [rowId(id)]);
  return row?.status;
}

describeInBrowser()('the outbound queue view of the admin console', () => {
  let browser: Browser;
  beforeAll(async () => {
    buildConsoleIfStale();
    await TableQueue.createTable(service.db);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the messages with their status, and lets an admin cancel a queued one and retry it', async () => {
    const queued = await sent(service, message({ subject: 'Invoice 1', to: ['billing@example.com'] }), SENDER_TOKEN);
    await sent(service, message({ subject: 'Welcome', to: ['new@example.com'] }), SENDER_TOKEN);
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Outbound mail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbound mail' }).waitFor();
    const table = page.getByRole('region', { name: 'Outbound messages' });
    await table.getByRole('row').filter({ hasText: 'Invoice 1' }).waitFor();
    expect(await page.getByText(/^2 messages, newest first/).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'outbound');

    await table.getByRole('button', { name: 'Cancel Invoice 1 to billing@example.com' }).click();
    const row = table.getByRole('row').filter({ hasText: 'Invoice 1' });
    await row.getByText('CANCELLED', { exact: true }).waitFor();
    expect(await statusOf(queued.id)).toBe('CANCELLED');
    await row.getByRole('button', { name: 'Retry Invoice 1 to billing@example.com' }).click();
    await row.getByText('QUEUED', { exact: true }).waitFor();
    expect(await statusOf(queued.id)).toBe('QUEUED');

    await page.getByLabel('Status').selectOption('QUEUED');
    await page.getByText(/^2 messages in status QUEUED/).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a sender its messages without Retry or Cancel, 375 px wide without sideways scrolling of the page', async () => {
    const { context, page } = await signedIn(browser, origin(), SENDER_TOKEN, 375);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Outbound mail' }).click();
    await page.getByRole('region', { name: 'Outbound messages' }).getByRole('row').nth(1).waitFor();
    expect(await page.getByRole('button', { name: /^(Retry|Cancel) / }).count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'outbound-sender-375');
    await context.close();
  });

  it('offers no outbound view to a viewer', async () => {
    const { context, page } = await signedIn(browser, origin(), VIEWER_TOKEN);
    expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents()).toEqual(['Settings', 'History']);
    await context.close();
  });
});
