/**
 * `npm run screenshots`: the README's pictures of the admin console, docs/screenshots/*.png, taken
 * in Debian's Chromium from a real service, database and SMTP peer. Not part of `npm test` (the file
 * name does not end in .test.ts): run it when the console's look changes, and commit the pictures.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
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

    const narrow = await newConsolePage(browser, 375);
    await narrow.page.goto(`${new URL(service.url).origin}/admin#token=${ADMIN_TOKEN}`);
    await narrow.page.getByRole('region', { name: 'Outgoing server (SMTP)' }).waitFor();
    await shoot(narrow.page, 'console-375px', false);
    await narrow.context.close();
  });
});
