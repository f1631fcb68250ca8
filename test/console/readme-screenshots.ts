/**
 * `npm run screenshots`: the README's pictures of the admin console, docs/screenshots/*.png, taken
 * in Debian's Chromium from a real service, database and SMTP peer. Not part of `npm test` (the file
 * name does not end in .test.ts): run it when the console's look changes, and commit the pictures.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { insertInboundRows } from '../support/inbound-rows';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { buildConsoleIfStale, chromiumUnavailable, launchChromium, newConsolePage } from './browser';

jest.setTimeout(120_000);

const DOCS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const service = useTestApp({ adminConsole: {} });

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage });
  console.info(`wrote docs/screenshots/${name}.png`);
}

describe('the README screenshots of the admin console', () => {
  let browser: Browser;
  let peer: SmtpPeer;
  beforeAll(async () => {
    const unavailable = chromiumUnavailable();
    if (unavailable) throw new Error(unavailable);
    buildConsoleIfStale();
    mkdirSync(DOCS, { recursive: true });
    [browser, peer] = await Promise.all([launchChromium(), startSmtpPeer()]);
    await service.gql('mutation($i: UpdateMailSessionInput!) { updateMailSession(input: $i) { mailSession { version } } }', {
      i: {
        outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE' },
        incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS', user: 'portal@example.com', password: 'app-password-1234' },
        defaultSender: { name: 'Example Portal', address: 'portal@example.com' },
        additionalProperties: [{ key: 'mail.smtp.connectiontimeout', value: '10000' }],
      },
    });
    // Inbound mail as the reader stores it (rows of inbound_message), for the inbound view.
    const minute = (n: number) => new Date(Date.parse('2026-12-04T08:00:00.000Z') + n * 60_000);
    await insertInboundRows(service.db.query, [
      { subject: 'Re: Your order 1042', fromName: 'Ana Lima', fromAddress: 'ana@customer.example', to: ['portal@example.com'], receivedAt: minute(1) },
      {
        subject: 'Out of office',
        fromName: 'Ben Ortiz',
        fromAddress: 'ben@partner.example',
        to: ['portal@example.com'],
        status: 'ACKNOWLEDGED',
        receivedAt: minute(7),
      },
      {
        subject: 'Scanned contract',
        fromName: 'Office Scanner',
        fromAddress: 'scanner@example.com',
        to: ['portal@example.com'],
        status: 'REFUSED',
        text: null,
        refusedReason: 'larger than INBOUND_MAX_MESSAGE_BYTES (10485760 bytes)',
        receivedAt: minute(12),
      },
      {
        subject: 'Invoice 2026-118',
        fromName: 'Carol Billing',
        fromAddress: 'carol@vendor.example',
        to: ['portal@example.com'],
        cc: ['accounts@example.com'],
        date: minute(20),
        text: 'Hello,\n\nplease find invoice 2026-118 attached, due on 4 January.\n\nKind regards,\nCarol',
        html: '<p>Hello,</p><p>please find invoice 2026-118 attached.</p>',
        attachments: [{ filename: 'invoice-2026-118.pdf', contentType: 'application/pdf', size: 48_213, contentId: null }],
        receivedAt: minute(21),
      },
    ]);
    // A second revision, so that the history has one to restore.
    await service.gql('mutation($i: UpdateMailSessionInput!) { updateMailSession(input: $i) { mailSession { version } } }', {
      i: { additionalProperties: [{ key: 'mail.smtp.connectiontimeout', value: '15000' }] },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await peer?.close();
  });

  it('writes docs/screenshots/*.png', async () => {
    const wide = await newConsolePage(browser, 1280);
    await wide.page.goto(`${new URL(service.url).origin}/admin`);
    await wide.page.getByLabel('Access token').waitFor();
    await shoot(wide.page, 'console-sign-in', false);
    await wide.page.getByLabel('Access token').fill(ADMIN_TOKEN);
    await wide.page.getByRole('button', { name: 'Sign in' }).click();
    const smtp = wide.page.getByRole('region', { name: 'Outgoing server (SMTP)' });
    await smtp.waitFor();
    await smtp.getByText('Fill from a provider').click();
    await shoot(wide.page, 'console-settings');
    await wide.page.getByRole('button', { name: 'Test connection' }).click();
    await wide.page.getByRole('region', { name: 'Outgoing server test' }).waitFor();
    await wide.page.getByRole('region', { name: 'Incoming server test' }).waitFor();
    await wide.page.getByRole('heading', { name: 'Test connection' }).scrollIntoViewIfNeeded();
    await shoot(wide.page, 'console-test-connection');
    await wide.context.close();

    // The history, a restore's confirmation, and the live notice of a version saved elsewhere.
    const history = await newConsolePage(browser, 1280);
    await history.page.goto(`${new URL(service.url).origin}/admin/history#token=${ADMIN_TOKEN}`);
    await history.page.getByRole('list', { name: 'Revisions' }).getByRole('listitem').first().waitFor();
    await shoot(history.page, 'console-history', false);
    await history.page
      .getByRole('button', { name: /^Restore version \d+…$/ })
      .first()
      .click();
    await history.page.getByRole('dialog').waitFor();
    await shoot(history.page, 'console-restore-dialog', false);
    await history.page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await service.gql('mutation($i: UpdateMailSessionInput!) { updateMailSession(input: $i) { mailSession { version } } }', {
      i: { defaultSender: { name: 'Example Portal (saved by another admin)' } },
    });
    await history.page.getByRole('region', { name: 'Notices' }).getByText('of the settings was saved by').waitFor();
    await shoot(history.page, 'console-live-notice', false);
    await history.context.close();

    // The Microsoft 365 preset asks for the tenant; the service builds the token URL from it.
    const preset = await newConsolePage(browser, 1280);
    await preset.page.goto(`${new URL(service.url).origin}/admin#token=${ADMIN_TOKEN}`);
    const incoming = preset.page.getByRole('region', { name: 'Incoming server (POP3 or IMAP)' });
    await incoming.getByText('Fill from a provider').click();
    await incoming.getByRole('button', { name: 'Fill the incoming server with Microsoft 365 (OAuth 2.0)' }).click();
    await incoming.getByLabel('Tenant id', { exact: true }).fill('contoso.onmicrosoft.com');
    // The incoming server's section alone, down to the token URL built from the tenant.
    await incoming.screenshot({ path: path.join(DOCS, 'console-preset-microsoft-365.png') });
    console.info('wrote docs/screenshots/console-preset-microsoft-365.png');
    await preset.context.close();

    // Inbound mail: the list, newest first, and one message (its text part as text, never the HTML).
    const inbound = await newConsolePage(browser, 1280);
    await inbound.page.goto(`${new URL(service.url).origin}/admin/inbound#token=${ADMIN_TOKEN}`);
    const messages = inbound.page.getByRole('region', { name: 'Inbound messages' });
    await messages.getByRole('row').nth(4).waitFor();
    await shoot(inbound.page, 'console-inbound', false);
    await messages.getByRole('button', { name: /^Open Invoice 2026-118/ }).click();
    await inbound.page.getByRole('article', { name: 'Invoice 2026-118' }).getByRole('list', { name: 'Attachments' }).waitFor();
    await shoot(inbound.page, 'console-inbound-message');
    await inbound.context.close();

    // A viewer: every field read-only but reachable with the keyboard, no Save, no test.
    const viewer = await newConsolePage(browser, 1280);
    await viewer.page.goto(`${new URL(service.url).origin}/admin#token=${VIEWER_TOKEN}`);
    await viewer.page.getByRole('region', { name: 'Notices' }).getByText('you are signed in with a token that is not an admin’s').waitFor();
    await viewer.page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).focus();
    await shoot(viewer.page, 'console-read-only', false);
    await viewer.context.close();

    const narrow = await newConsolePage(browser, 375);
    await narrow.page.goto(`${new URL(service.url).origin}/admin#token=${ADMIN_TOKEN}`);
    await narrow.page.getByRole('region', { name: 'Outgoing server (SMTP)' }).waitFor();
    await shoot(narrow.page, 'console-375px', false);
    await narrow.context.close();
  });
});
