/**
 * One inbound message at its own address (/admin/inbound/<global id>): opened from the list, by
 * reload, from a bookmark, with the browser's Back and Forward; an address that names no message
 * says so; and the message's every header field, as text, folded until asked for. Messages are
 * seeded as the inbound reader stores them (test/support/inbound-rows.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { inboundGlobalId, insertInboundRows, type InboundRow } from '../support/inbound-rows';
import { ADMIN_TOKEN, RECEIVER_TOKEN, useTestApp } from '../support/test-app';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, horizontalOverflow, launchChromium, newConsolePage, screenshot } from './browser';
import { signedIn } from './console-session';

jest.setTimeout(90_000);

const service = useTestApp({ adminConsole: {} });
const origin = () => new URL(service.url).origin;

/** A DKIM signature is one long word: at 375 px it must wrap, not widen the page. */
const SIGNATURE = `v=1; a=rsa-sha256; d=vendor.example; s=mail; b=${'AbCdEf0123456789'.repeat(12)}`;

/** Header fields as stored: markup in a value must be shown as typed, never parsed. */
const HEADERS: InboundRow['headers'] = [
  { name: 'Received', value: 'from mx.vendor.example by mail.example.com with ESMTPS; Tue, 01 Dec 2026 09:30:02 +0000' },
  { name: 'DKIM-Signature', value: SIGNATURE },
  { name: 'From', value: 'Carol Billing <carol@vendor.example>' },
  { name: 'Subject', value: 'Quarterly figures' },
  { name: 'X-Note', value: '<img src="https://tracker.example/h.gif" id="header-img"><b id="header-bold">bold</b>' },
];

const addressOf = (id: string) => `${origin()}/admin/inbound/${encodeURIComponent(inboundGlobalId(id))}`;
const table = (page: Page) => page.getByRole('region', { name: 'Inbound messages' });
const detailOf = (page: Page, subject: string) => page.getByRole('article', { name: subject });

async function openInbound(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Inbound mail' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inbound mail' }).waitFor();
}

describeInBrowser()('an inbound message at its own address in the admin console', () => {
  let browser: Browser;
  let figuresId = '';
  beforeAll(async () => {
    buildConsoleIfStale();
    const [, figures] = await insertInboundRows(service.db.query, [
      { subject: 'Earlier note', receivedAt: new Date('2026-12-01T09:00:00.000Z') },
      {
        subject: 'Quarterly figures',
        fromName: 'Carol Billing',
        fromAddress: 'carol@vendor.example',
        headers: HEADERS,
        receivedAt: new Date('2026-12-01T09:30:00.000Z'),
      },
    ]);
    figuresId = figures?.id ?? '';
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens a message at /admin/inbound/<id>, which Back, Forward, a reload and a bookmark all return to', async () => {
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
    await openInbound(page);
    await page.getByLabel('Status').selectOption('NEW');
    await page.getByText(/^2 messages in status NEW/).waitFor();
    await table(page).getByRole('button', { name: 'Open Quarterly figures from Carol Billing <carol@vendor.example>' }).click();
    await detailOf(page, 'Quarterly figures').waitFor();
    expect(page.url()).toBe(addressOf(figuresId));

    // The browser's Back: the list as it was left (filter kept), the focus on the button that opened the message.
    await page.goBack();
    await page.getByText(/^2 messages in status NEW/).waitFor();
    expect(page.url()).toBe(`${origin()}/admin/inbound`);
    expect(await page.getByLabel('Status').inputValue()).toBe('NEW');
    await page.locator(`[data-open="${inboundGlobalId(figuresId)}"]:focus`).waitFor();
    // Forward: the message again.
    await page.goForward();
    await detailOf(page, 'Quarterly figures').waitFor();
    expect(page.url()).toBe(addressOf(figuresId));

    // A reload shows the message, not the list or the settings.
    await page.reload();
    await detailOf(page, 'Quarterly figures').waitFor();
    expect(page.url()).toBe(addressOf(figuresId));
    expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Inbound mail' }).getAttribute('aria-current')).toBe('page');
    // "Back to the list" after a reload: the list, at its own address.
    await detailOf(page, 'Quarterly figures').getByRole('button', { name: 'Back to the list' }).click();
    await table(page)
      .getByRole('button', { name: /^Open Quarterly figures/ })
      .waitFor();
    expect(page.url()).toBe(`${origin()}/admin/inbound`);
    expect(problems).toEqual([]);
    await context.close();

    // A bookmark opened in a new tab (its own session storage), signed in by the link's #token=.
    const bookmark = await newConsolePage(browser);
    await bookmark.page.goto(`${addressOf(figuresId)}#token=${RECEIVER_TOKEN}`);
    await detailOf(bookmark.page, 'Quarterly figures').waitFor();
    expect(bookmark.page.url()).toBe(addressOf(figuresId));
    expect(bookmark.problems).toEqual([]);
    await bookmark.context.close();
  });

  it('says a message is not found when the address names none: an unknown id, another type of object, or no id at all', async () => {
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN, 375);
    const unknown = inboundGlobalId(randomUUID());
    const outbound = Buffer.from(`OutboundMessage:${randomUUID()}`, 'utf8').toString('base64url');
    for (const id of [unknown, outbound, 'not a message/at all']) {
      await page.goto(`${origin()}/admin/inbound/${encodeURIComponent(id)}`);
      const detail = page.getByRole('article', { name: 'Message not found' });
      await detail.waitFor();
      expect([id, await detail.locator('code').textContent()]).toEqual([id, id]);
      // Where the focus is, a screen reader says so.
      expect(await page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe('Message not found');
      expect(await page.getByRole('alert').count()).toBe(0);
    }
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'inbound-message-not-found-375');
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await table(page)
      .getByRole('button', { name: /^Open Quarterly figures/ })
      .waitFor();
    expect(page.url()).toBe(`${origin()}/admin/inbound`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows every stored header field as text, in order, folded until asked for, never as HTML', async () => {
    for (const width of [1280, 375]) {
      const { context, page, problems } = await signedIn(browser, origin(), RECEIVER_TOKEN, width);
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(addressOf(figuresId));
      const detail = detailOf(page, 'Quarterly figures');
      const fields = detail.locator('details pre.header-fields');
      await detail.getByText('All header fields (5)').waitFor();
      expect(await fields.isVisible()).toBe(false);
      await detail.getByText('All header fields (5)').click();
      await fields.waitFor();
      expect(await fields.textContent()).toBe(HEADERS.map((header) => `${header.name}: ${header.value}`).join('\n'));
      // The markup in X-Note is text: no element of it in the page, nothing it names fetched.
      expect(await page.locator('#header-img, #header-bold, img[src*="tracker"]').count()).toBe(0);
      expect(requested.filter((url) => url.includes('tracker.example'))).toEqual([]);
      expect([width, await horizontalOverflow(page)]).toEqual([width, 0]);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `inbound-message-headers-${width}`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
