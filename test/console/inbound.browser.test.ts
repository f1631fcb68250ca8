/**
 * The inbound mail view of the admin console. Messages are seeded as the inbound reader stores
 * them: rows inserted into inbound_message (test/support/inbound-rows.ts), which the service learns
 * of only through the database's notification, as it learns of the reader's own rows.
 */
import type { Browser, Page } from 'playwright-core';
import { insertInboundRows, type InboundRow } from '../support/inbound-rows';
import { ADMIN_TOKEN, RECEIVER_TOKEN, SENDER_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, horizontalOverflow, launchChromium, screenshot } from './browser';
import { signedIn } from './console-session';

jest.setTimeout(90_000);

const service = useTestApp({ adminConsole: {} });
const origin = () => new URL(service.url).origin;

const START = Date.parse('2026-12-01T08:00:00.000Z');
/** Stored a minute apart, in this order: the API lists by receivedAt. */
const at = (minute: number) => new Date(START + minute * 60_000);

/** The message whose detail is checked: an HTML part that must never be rendered, and attachments. */
const INVOICE: InboundRow = {
  subject: 'Invoice <b>42</b>',
  fromName: 'Carol Billing',
  fromAddress: 'carol@vendor.example',
  to: ['board@example.com', 'accounts@example.com'],
  cc: ['audit@example.com'],
  date: new Date('2026-12-01T09:30:00.000Z'),
  text: 'Dear board,\n\nplease find <b>invoice 42</b> attached.\n\nCarol',
  html: '<p>Dear board,</p><img src="https://tracker.example/pixel.gif" alt="" id="tracker"><b id="bold-html">invoice 42</b>',
  attachments: [
    { filename: 'invoice-42.pdf', contentType: 'application/pdf', size: 48_213, contentId: null },
    { filename: null, contentType: 'image/png', size: 512, contentId: 'logo' },
  ],
};

async function statusOf(id: string): Promise<string | undefined> {
  const [row] = await service.db.query<{ status: string }>('SELECT status::text AS status FROM inbound_message WHERE id = $1', [id]);
  return row?.status;
}

async function openInbound(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Inbound mail' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inbound mail' }).waitFor();
}

const table = (page: Page) => page.getByRole('region', { name: 'Inbound messages' });
/** The subjects of the listed rows, top to bottom. */
const listedSubjects = (page: Page) => table(page).locator('tbody tr td:nth-child(3)').allTextContents();

describeInBrowser()('the inbound mail view of the admin console', () => {
  let browser: Browser;
  let invoiceId = '';
  beforeAll(async () => {
    buildConsoleIfStale();
    const rows: InboundRow[] = [];
    for (let i = 1; i <= 22; i += 1) rows.push({ subject: `Reply ${i}`, receivedAt: at(i) });
    rows.push({ subject: 'Done already', status: 'ACKNOWLEDGED', receivedAt: at(23) });
    rows.push({
      subject: 'Too big',
      status: 'REFUSED',
      text: null,
      refusedReason: 'larger than INBOUND_MAX_MESSAGE_BYTES (10485760)',
      receivedAt: at(24),
    });
    rows.push({ ...INVOICE, receivedAt: at(25) });
    const inserted = await insertInboundRows(service.db.query, rows);
    invoiceId = inserted[inserted.length - 1]?.id ?? '';
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the messages newest first, by status and page by page, and shows one with its text as text, never its HTML, and its attachments; Acknowledge marks it handled', async () => {
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await openInbound(page);
    await page.getByText(/^25 messages, newest first/).waitFor();
    const newest = await listedSubjects(page);
    expect(newest).toHaveLength(20);
    expect(newest.slice(0, 4)).toEqual(['Invoice <b>42</b>', 'Too big', 'Done already', 'Reply 22']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'inbound');

    await page.getByRole('navigation', { name: 'Message pages' }).getByRole('button', { name: 'Older messages' }).click();
    await table(page).getByRole('button', { name: 'Open Reply 1 from Bob <bob@example.com>' }).waitFor();
    expect(await listedSubjects(page)).toEqual(['Reply 5', 'Reply 4', 'Reply 3', 'Reply 2', 'Reply 1']);
    expect(await page.getByRole('button', { name: 'Older messages' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Newer messages' }).click();
    await table(page).getByRole('button', { name: 'Open Reply 6 from Bob <bob@example.com>' }).waitFor();

    await page.getByLabel('Status').selectOption('REFUSED');
    await page.getByText(/^1 message in status REFUSED/).waitFor();
    expect(await listedSubjects(page)).toEqual(['Too big']);
    expect(
      await table(page)
        .getByRole('button', { name: /^Acknowledge / })
        .count(),
    ).toBe(0);
    await page.getByLabel('Status').selectOption('NEW');
    await page.getByText(/^23 messages in status NEW/).waitFor();

    await table(page).getByRole('button', { name: 'Open Invoice <b>42</b> from Carol Billing <carol@vendor.example>' }).click();
    const detail = page.getByRole('article', { name: 'Invoice <b>42</b>' });
    await detail.waitFor();
    // Opening it moved the focus to its subject, so a screen reader reads where it is.
    expect(await page.evaluate<string>('`${document.activeElement?.tagName}: ${document.activeElement?.textContent}`')).toBe('H2: Invoice <b>42</b>');
    const headers = await detail.locator('dl.headers').innerText();
    for (const shown of [
      'Carol Billing <carol@vendor.example>',
      'board@example.com, accounts@example.com',
      'audit@example.com',
      'imap://board@mail.example.com/INBOX',
    ])
      expect(headers).toContain(shown);
    // The text part as text: its markup shown as typed, nothing parsed.
    expect(await detail.locator('pre.message-text').textContent()).toBe(INVOICE.text);
    expect(await detail.locator('pre b').count()).toBe(0);
    // The HTML part is never rendered: no element of it in the page, nothing it names fetched.
    expect(await page.locator('#bold-html, #tracker, img[src*="tracker"]').count()).toBe(0);
    expect(requested.filter((url) => url.includes('tracker.example'))).toEqual([]);
    await detail.getByText('It also has an HTML part, not shown here').waitFor();
    expect(await detail.getByRole('list', { name: 'Attachments' }).getByRole('listitem').allTextContents()).toEqual([
      'invoice-42.pdf — application/pdf, 47.1 KB',
      '(no file name) — image/png, 512 bytes',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'inbound-message');

    await detail.getByRole('button', { name: 'Acknowledge Invoice <b>42</b>' }).click();
    await detail.getByText(/^ACKNOWLEDGED at .* by alice$/).waitFor();
    expect(await statusOf(invoiceId)).toBe('ACKNOWLEDGED');
    await detail.getByRole('button', { name: 'Back to the list' }).click();
    // Acknowledged under the NEW filter: it has left the list.
    await page.getByText(/^22 messages in status NEW/).waitFor();
    expect(
      await table(page)
        .getByRole('button', { name: /^Open Invoice/ })
        .count(),
    ).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists a message the moment it is stored, and says so', async () => {
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
    await openInbound(page);
    await table(page).getByRole('row').nth(1).waitFor();
    const notice = page.getByRole('main').getByRole('status');
    // The subscription starts with the page: store probes until the page has heard one.
    let probes = 0;
    await waitUntil(
      'the page heard of a stored message',
      async () => {
        probes += 1;
        await insertInboundRows(service.db.query, [{ subject: `Probe ${probes}`, fromAddress: 'probe@example.com', fromName: null }]);
        return (await notice.textContent())?.includes('New message from probe@example.com') === true;
      },
      30_000,
      500,
    );
    await insertInboundRows(service.db.query, [{ subject: 'Live arrival', fromName: 'Dora', fromAddress: 'dora@example.com' }]);
    await notice.getByText('New message from Dora <dora@example.com>: Live arrival.').waitFor();
    await table(page).getByRole('button', { name: 'Open Live arrival from Dora <dora@example.com>' }).waitFor();
    expect((await listedSubjects(page))[0]).toBe('Live arrival');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets a receiver read and acknowledge, 375 px wide without sideways scrolling of the page', async () => {
    const { context, page } = await signedIn(browser, origin(), RECEIVER_TOKEN, 375);
    await openInbound(page);
    await table(page).getByRole('row').nth(1).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'inbound-receiver-375');
    await table(page).getByRole('button', { name: 'Open Live arrival from Dora <dora@example.com>' }).click();
    const detail = page.getByRole('article', { name: 'Live arrival' });
    await detail.getByRole('button', { name: 'Acknowledge Live arrival' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('offers no inbound view to a viewer or a sender (the API lets only receivers and admins read private mail)', async () => {
    for (const token of [VIEWER_TOKEN, SENDER_TOKEN]) {
      const { context, page } = await signedIn(browser, origin(), token);
      const links = await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents();
      expect([token, links.includes('Inbound mail')]).toEqual([token, false]);
      await context.close();
    }
  });
});
