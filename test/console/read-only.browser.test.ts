import type { Browser, Page } from 'playwright-core';
import { updateOk } from '../api/mail-session.operations';
import { sourceFromEnvironment } from '../sources/sources.support';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, horizontalOverflow, launchChromium, screenshot } from './browser';
import { openHistory, signedIn } from './console-session';

jest.setTimeout(60_000);

/** Every form control of the settings form, and how many of them can be changed. */
async function editableControls(page: Page): Promise<{ controls: number; editable: number }> {
  const form = page.getByRole('form', { name: 'Mail settings' });
  await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).waitFor();
  const controls = form.locator('input, select, textarea, button');
  const count = await controls.count();
  let editable = 0;
  for (let i = 0; i < count; i += 1) if (await controls.nth(i).isEnabled()) editable += 1;
  return { controls: count, editable };
}

const notices = (page: Page) => page.getByRole('region', { name: 'Notices' });

describeInBrowser()('read-only pages: a viewer, and settings managed from the environment', () => {
  let browser: Browser;
  beforeAll(async () => {
    buildConsoleIfStale();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  describe('a viewer token', () => {
    const service = useTestApp({ adminConsole: {} });
    const origin = () => new URL(service.url).origin;
    beforeAll(async () => {
      await updateOk(service, { outgoing: { host: 'smtp.example.org', port: 587, security: 'STARTTLS' } });
      await updateOk(service, { outgoing: { port: 2525 } });
    });

    it('reads the settings with every field read-only, without Save, Test connection or Send a test e-mail, and says why, 375 px wide', async () => {
      const { context, page, problems } = await signedIn(browser, origin(), VIEWER_TOKEN, 375);
      expect(await page.getByText(/^Signed in as /).textContent()).toBe('Signed in as victor (viewer)');
      await notices(page).getByText('you are signed in with a token that is not an admin’s').waitFor();
      const { controls, editable } = await editableControls(page);
      expect(controls).toBeGreaterThan(10);
      expect(editable).toBe(0);
      expect(await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).inputValue()).toBe('smtp.example.org');
      for (const name of ['Save', 'Test connection', 'Send a test e-mail', 'Send'])
        expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'viewer-settings-375');
      expect(await horizontalOverflow(page)).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });

    it('reads the history without a restore button', async () => {
      const { context, page } = await signedIn(browser, origin(), VIEWER_TOKEN);
      await openHistory(page);
      expect(await page.getByRole('article').count()).toBe(2);
      expect(await page.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await context.close();
    });
  });

  describe('settings managed from the environment (MAIL_SESSION_MANAGED=true)', () => {
    const service = useTestApp({
      adminConsole: {},
      mailSessionSource: sourceFromEnvironment({
        MAIL_SESSION_MANAGED: 'true',
        MAIL_OUTGOING_HOST: 'smtp.managed.example',
        MAIL_OUTGOING_PORT: '587',
        MAIL_OUTGOING_SECURITY: 'STARTTLS',
      }),
    });
    const origin = () => new URL(service.url).origin;

    it('shows an admin every field read-only and no Save, names the source and how to change it, and still offers the connection test', async () => {
      const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
      const banner = notices(page).getByText('Managed settings, read-only here.').locator('..').locator('..');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('They come from the MAIL_* environment variables of the service (MAIL_SESSION_MANAGED=true).');
      expect(await banner.textContent()).toContain('To change them, change those variables where the service is deployed and restart it');
      const { editable } = await editableControls(page);
      expect(editable).toBe(0);
      expect(await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).inputValue()).toBe('smtp.managed.example');
      expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
      await page.getByRole('button', { name: 'Test connection' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'managed-settings');

      await openHistory(page);
      expect(await page.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
