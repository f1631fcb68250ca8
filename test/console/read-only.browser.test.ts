import type { Page } from 'playwright-core';
import { updateOk } from '../api/mail-session.operations';
import { sourceFromEnvironment } from '../sources/sources.support';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { accessibilityViolations, describeInBrowser, horizontalOverflow, screenshot, useChromium } from './browser';
import { focusedText, openHistory, signedIn } from './console-session';

jest.setTimeout(60_000);

/**
 * Every form control of the settings form: how many there are, how many can be changed, and how
 * many are disabled (a read-only page disables none: disabled fields are skipped by the keyboard
 * and by screen readers' form navigation).
 */
async function editableControls(page: Page): Promise<{ controls: number; editable: number; disabled: number }> {
  const form = page.getByRole('form', { name: 'Mail settings' });
  await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).waitFor();
  const states = await form.locator('input, select, textarea, button').evaluateAll((elements) =>
    elements.map((element) => {
      const control = element as unknown as { disabled?: boolean; readOnly?: boolean; getAttribute(name: string): string | null };
      return { disabled: control.disabled === true, readOnly: control.readOnly === true || control.getAttribute('aria-readonly') === 'true' };
    }),
  );
  return {
    controls: states.length,
    editable: states.filter((state) => !state.disabled && !state.readOnly).length,
    disabled: states.filter((state) => state.disabled).length,
  };
}

interface Focused {
  readonly inForm: boolean;
  readonly readOnly: boolean;
}

/** Where the keyboard focus is: inside the settings form or not, and whether it is announced read-only there. */
function focusedState(page: Page): Promise<Focused | null> {
  return page.evaluate<Focused | null>(`(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    return { inForm: e.closest('form[aria-label="Mail settings"]') !== null, readOnly: e.readOnly === true || e.getAttribute('aria-readonly') === 'true' };
  })()`);
}

/**
 * Tabs from the console's navigation through the whole settings form, as a keyboard user does;
 * returns each control reached in the form, as a screen reader names it, with its read-only state.
 */
async function tabThroughForm(page: Page): Promise<{ name: string; readOnly: boolean }[]> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).focus();
  const reached: { name: string; readOnly: boolean }[] = [];
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press('Tab');
    const state = await focusedState(page);
    if (state?.inForm) reached.push({ name: await focusedText(page, true), readOnly: state.readOnly });
    else if (reached.length > 0) break;
  }
  return reached;
}

const notices = (page: Page) => page.getByRole('region', { name: 'Notices' });

describeInBrowser()('read-only pages: a viewer, and settings managed from the environment', () => {
  const chromium = useChromium(60_000);

  describe('a viewer token', () => {
    const service = useTestApp({ adminConsole: {} });
    const origin = () => new URL(service.url).origin;
    beforeAll(async () => {
      await updateOk(service, { outgoing: { host: 'smtp.example.org', port: 587, security: 'STARTTLS' } });
      await updateOk(service, { outgoing: { port: 2525 } });
    });

    it('reads the settings with every field read-only, without Save, Test connection or Send a test e-mail, and says why, 375 px wide', async () => {
      const { context, page, problems } = await signedIn(chromium.browser, origin(), VIEWER_TOKEN, 375);
      expect(await page.getByText(/^Signed in as /).textContent()).toBe('Signed in as victor (viewer)');
      await notices(page).getByText('you are signed in with a token that is not an admin’s').waitFor();
      const { controls, editable, disabled } = await editableControls(page);
      expect(controls).toBeGreaterThan(10);
      expect(editable).toBe(0);
      expect(disabled).toBe(0);
      expect(await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).inputValue()).toBe('smtp.example.org');
      for (const name of ['Save', 'Test connection', 'Send a test e-mail', 'Send'])
        expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'viewer-settings-375');
      expect(await horizontalOverflow(page)).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });

    it('reaches and reads every field with the keyboard, each announced read-only, and typing changes nothing', async () => {
      const { context, page, problems } = await signedIn(chromium.browser, origin(), VIEWER_TOKEN);
      const smtp = page.getByRole('region', { name: 'Outgoing server (SMTP)' });
      await smtp.getByLabel('Host', { exact: true }).waitFor();
      const reached = await tabThroughForm(page);
      const names = reached.map((control) => control.name);
      for (const expected of [
        'textbox "Host"',
        'textbox "Port"',
        'textbox "Security"',
        'textbox "Sign in with"',
        'textbox "User"',
        'textbox "Password"',
        'textbox "Protocol"',
        'checkbox "Delete messages from the server after fetching them"',
        'textbox "Name"',
        'textbox "Address"',
      ])
        expect(names).toContain(expected);
      expect(reached.filter((control) => !control.readOnly)).toEqual([]);
      expect(await smtp.getByLabel('Security', { exact: true }).inputValue()).toBe('STARTTLS, required');

      const host = smtp.getByLabel('Host', { exact: true });
      await host.focus();
      await page.keyboard.type('evil.example');
      await page.keyboard.press('Backspace');
      expect(await host.inputValue()).toBe('smtp.example.org');
      const deleteAfterFetch = page.getByLabel('Delete messages from the server after fetching them');
      const checked = await deleteAfterFetch.isChecked();
      await deleteAfterFetch.focus();
      await page.keyboard.press('Space');
      expect(await deleteAfterFetch.isChecked()).toBe(checked);
      expect(problems).toEqual([]);
      await context.close();
    });

    it('reads the history without a restore button', async () => {
      const { context, page } = await signedIn(chromium.browser, origin(), VIEWER_TOKEN);
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
      const { context, page, problems } = await signedIn(chromium.browser, origin(), ADMIN_TOKEN);
      const banner = notices(page).getByText('Managed settings, read-only here.').locator('..').locator('..');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('They come from the MAIL_* environment variables of the service (MAIL_SESSION_MANAGED=true).');
      expect(await banner.textContent()).toContain('To change them, change those variables where the service is deployed and restart it');
      const { editable, disabled } = await editableControls(page);
      expect(editable).toBe(0);
      expect(disabled).toBe(0);
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
