import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { SUPPORTED_MAIL_PROPERTY_KEYS } from '../../src/javamail/mail-properties.keys';
import { accessibilityViolations, describeInBrowser, newConsolePage, screenshot, useChromium } from './browser';

// A browser on a loaded two-core machine: each test opens its own context and page.
jest.setTimeout(120_000);

const service = useTestApp({ adminConsole: {} }, 'test');
const origin = () => new URL(service.url).origin;
const PASSWORD = 'stored-Secret-4711';
const UPDATE = 'mutation($i: UpdateMailSessionInput!) { updateMailSession(input: $i) { mailSession { version } } }';

const outgoing = (page: Page) => page.getByRole('region', { name: 'Outgoing server (SMTP)' });

async function signedIn(browser: Browser) {
  const opened = await newConsolePage(browser);
  await opened.page.goto(`${origin()}/admin#token=${ADMIN_TOKEN}`);
  await outgoing(opened.page).waitFor();
  return opened;
}

async function saved(): Promise<{
  version: number;
  outgoing: { host: string | null; passwordSet: boolean };
  additionalProperties: { key: string; value: string }[];
}> {
  const { data } = await service.gql<{ mailSession: Awaited<ReturnType<typeof saved>> }>(
    '{ mailSession { version outgoing { host passwordSet } additionalProperties { key value } } }',
  );
  if (!data) throw new Error('no settings');
  return data.mailSession;
}

describeInBrowser()('secrets, property rows and conflicts on the settings page', () => {
  const chromium = useChromium(120_000);

  it('shows a stored password as "set" only, asks for it again when the host changes, and saves the new one', async () => {
    await service.gql(UPDATE, { i: { outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer', password: PASSWORD } } });
    const { context, page } = await signedIn(chromium.browser);
    const smtp = outgoing(page);
    await smtp.getByRole('button', { name: 'Change the password' }).waitFor();
    expect(await smtp.getByText('Set', { exact: true }).count()).toBe(1);
    // No field holds the password or a mask that could be saved back as one.
    expect(await page.content()).not.toContain(PASSWORD);
    expect(await smtp.locator('input[type=password]').count()).toBe(0);
    await screenshot(page, 'password-set');

    await smtp.getByLabel('Host', { exact: true }).fill('smtp.example.net');
    const newPassword = smtp.getByLabel('New password');
    await newPassword.waitFor();
    const notes = await newPassword.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${notes}"]`).innerText()).toMatch(/You changed the host: type the password again/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'password-reentry');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'password must be typed again' }).waitFor();
    expect((await saved()).version).toBe(1);

    await newPassword.fill('the-new-password');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2' }).waitFor();
    expect((await saved()).outgoing).toEqual({ host: 'smtp.example.net', passwordSet: true });
    await smtp.getByRole('button', { name: 'Remove the password' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 3' }).waitFor();
    expect((await saved()).outgoing.passwordSet).toBe(false);
    await context.close();
  });

  it('offers the supported property keys as you type, checks each row, and saves the rows', async () => {
    const { context, page } = await signedIn(chromium.browser);
    const properties = page.getByRole('group', { name: 'Additional JavaMail properties' });
    await properties.getByRole('button', { name: 'Add a property' }).click();
    const key = properties.getByLabel('Key 1');
    const list = await key.getAttribute('list');
    const offered = await page.locator(`datalist[id="${list}"] option`).evaluateAll((options) => options.length);
    // Every key the service supports, no more (test/console/property-keys.test.ts checks they are the same keys).
    expect(offered).toBe(SUPPORTED_MAIL_PROPERTY_KEYS.length);
    await key.fill('mail.smtp.connectiontimeout');
    await properties.getByLabel('Value 1').fill('ten seconds');
    await properties.getByText('Expected whole milliseconds, 1 to 600000.').waitFor();
    expect(await properties.getByLabel('Value 1').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'properties-invalid');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'a property row needs a change' }).waitFor();
    await properties.getByLabel('Value 1').fill('10000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 1' }).waitFor();
    expect((await saved()).additionalProperties).toEqual([{ key: 'mail.smtp.connectiontimeout', value: '10000' }]);
    await context.close();
  });

  it('shows a conflict instead of overwriting a version saved meanwhile, keeps the input, and loads the newer version on request', async () => {
    const { context, page } = await signedIn(chromium.browser);
    await outgoing(page).getByLabel('Host', { exact: true }).fill('mine.example.com');
    await service.gql(UPDATE, { i: { outgoing: { host: 'theirs.example.com' } } });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'someone else saved version 1 while you were editing' }).waitFor();
    expect(await outgoing(page).getByLabel('Host', { exact: true }).inputValue()).toBe('mine.example.com');
    expect((await saved()).outgoing.host).toBe('theirs.example.com');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'conflict');
    await page.getByRole('button', { name: 'Load the newer version (discards your changes)' }).click();
    await page.getByText('Version 1, saved by alice').waitFor();
    expect(await outgoing(page).getByLabel('Host', { exact: true }).inputValue()).toBe('theirs.example.com');
    await context.close();
  });
});
