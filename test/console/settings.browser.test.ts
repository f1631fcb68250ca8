import type { Browser, Locator, Page } from 'playwright-core';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, horizontalOverflow, launchChromium, newConsolePage, screenshot } from './browser';

// A browser on a loaded two-core machine: each test opens its own context and page.
jest.setTimeout(120_000);

const service = useTestApp({ adminConsole: {} });
const origin = () => new URL(service.url).origin;

const outgoing = (page: Page) => page.getByRole('region', { name: 'Outgoing server (SMTP)' });
/** The `.field` block of a labelled control: its input and its notes (help, warnings, errors). */
const fieldOf = (scope: Locator, label: string) => scope.locator('.field').filter({ has: scope.page().getByLabel(label, { exact: true }) });

async function signedIn(browser: Browser, width?: number) {
  const opened = await newConsolePage(browser, width);
  await opened.page.goto(`${origin()}/admin#token=${ADMIN_TOKEN}`);
  await outgoing(opened.page).waitFor();
  return opened;
}

async function savedVersion(): Promise<number> {
  const { data } = await service.gql<{ mailSession: { version: number } }>('{ mailSession { version } }');
  if (!data) throw new Error('no settings');
  return data.mailSession.version;
}

describeInBrowser()('the mail settings page', () => {
  let browser: Browser;
  let peer: SmtpPeer;
  beforeAll(async () => {
    buildConsoleIfStale();
    [browser, peer] = await Promise.all([launchChromium(), startSmtpPeer()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await peer?.close();
  });

  it('fills the outgoing server from a preset in one click, keeps it editable, and saves it', async () => {
    const { context, page, problems } = await signedIn(browser);
    const smtp = outgoing(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'settings-empty');
    await smtp.getByText('Fill from a provider').click();
    await smtp.getByRole('button', { name: 'Fill the outgoing server with Local MTA' }).click();
    expect(await smtp.getByLabel('Host', { exact: true }).inputValue()).toBe('localhost');
    expect(await smtp.getByLabel('Port', { exact: true }).inputValue()).toBe('25');
    await smtp.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await smtp.getByLabel('Port', { exact: true }).fill(String(peer.port));
    await page.getByLabel('Address', { exact: true }).fill('portal@example.org');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 1' }).waitFor();
    expect(await savedVersion()).toBe(1);
    const { data } = await service.gql<{ mailSession: { outgoing: { host: string; port: number; security: string } } }>(
      '{ mailSession { outgoing { host port security } } }',
    );
    expect(data?.mailSession.outgoing).toEqual({ host: '127.0.0.1', port: peer.port, security: 'NONE' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a warning of the save next to the field it concerns', async () => {
    const { context, page } = await signedIn(browser);
    const smtp = outgoing(page);
    await smtp.getByLabel('Port', { exact: true }).fill('465');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'with a warning' }).waitFor();
    // The service names outgoing.security (NONE on the implicit-TLS port): the page shows it there.
    const security = fieldOf(smtp, 'Security');
    await security.locator('.warning').waitFor();
    expect(await security.locator('.warning').innerText()).toMatch(/port 465 is the SMTP port for implicit TLS/);
    expect(await fieldOf(smtp, 'Port').locator('.warning').count()).toBe(0);
    // Screen readers read it with the field.
    const notes = await smtp.getByLabel('Security', { exact: true }).getAttribute('aria-describedby');
    expect(await page.locator(`[id="${notes}"]`).innerText()).toMatch(/465/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'settings-warning');
    // Put the peer's port back for the tests below.
    await smtp.getByLabel('Port', { exact: true }).fill(String(peer.port));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 3' }).waitFor();
    await context.close();
  });

  it('keeps everything typed when the service refuses a save, and shows the error on the field its path names', async () => {
    const { context, page } = await signedIn(browser);
    const smtp = outgoing(page);
    const before = await savedVersion();
    await smtp.getByLabel('User', { exact: true }).fill('mailer');
    await smtp.getByLabel('Host', { exact: true }).fill('not a host!');
    await page.getByLabel('Name', { exact: true }).fill('Portal');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Not saved' }).waitFor();
    const host = fieldOf(smtp, 'Host');
    await host.locator('.error').waitFor();
    expect(await smtp.getByLabel('Host', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await smtp.getByLabel('Host', { exact: true }).inputValue()).toBe('not a host!');
    expect(await smtp.getByLabel('User', { exact: true }).inputValue()).toBe('mailer');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Portal');
    expect(await savedVersion()).toBe(before);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'settings-refused');
    await context.close();
  });

  it('tests the connection with what is in the form, step by step, without saving it', async () => {
    const { context, page } = await signedIn(browser);
    const before = await savedVersion();
    await outgoing(page).getByLabel('User', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByRole('region', { name: 'Outgoing server test' });
    await report.waitFor();
    expect(await report.getByRole('heading').innerText()).toMatch(/^Outgoing server: works/);
    const steps = await Promise.all(
      (await report.locator('.step').all()).map(async (step) => [await step.locator('.step-name').innerText(), await step.getAttribute('class')]),
    );
    expect(steps).toEqual([
      ['Name lookup', 'step passed'],
      ['Connection', 'step passed'],
      ['Greeting', 'step passed'],
      ['TLS', 'step skipped'],
      ['Sign-in', 'step skipped'],
      ['Sender and recipient', 'step passed'],
    ]);
    expect(await report.innerText()).toMatch(/\d+ ms/);
    expect(await savedVersion()).toBe(before);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'test-connection');
    await context.close();
  });

  it('sends a test e-mail that the peer receives', async () => {
    const { context, page } = await signedIn(browser);
    const received = peer.received.length;
    await page.getByLabel('Recipient').fill('admin@example.org');
    await page.getByRole('button', { name: 'Send a test e-mail' }).click();
    await peer.waitFor(received + 1);
    await page.getByText('Accepted for admin@example.org').waitFor();
    expect(peer.received.at(-1)?.rcptTo).toEqual(['admin@example.org']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'test-email-sent');
    await context.close();
  });

  it('is usable at 375 px: nothing scrolls sideways and every view stays accessible', async () => {
    const { context, page } = await signedIn(browser, 375);
    expect(await horizontalOverflow(page)).toBe(0);
    await outgoing(page).getByText('Fill from a provider').click();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'settings-375px');
    await context.close();
  });
});
