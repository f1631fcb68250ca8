import type { Page } from 'playwright-core';
import { readSession, updateOk } from '../api/mail-session.operations';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { describeInBrowser, useChromium } from './browser';
import { focusedText, signedIn } from './console-session';

jest.setTimeout(90_000);

const service = useTestApp({ adminConsole: {} });
const origin = () => new URL(service.url).origin;

/** Presses Tab until the focused element is named `name` (at most `limit` times); returns every name passed on the way. */
async function tabTo(page: Page, name: string | RegExp, limit = 150): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await focusedText(page);
    passed.push(focused);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return passed;
  }
  throw new Error(`Tab never reached ${String(name)}; passed: ${passed.join(' | ')}`);
}

describeInBrowser()('the admin console with the keyboard only', () => {
  const chromium = useChromium(60_000);

  it('tabs through the navigation and the whole form in reading order, every stop named, and saves with Enter', async () => {
    const { context, page, problems } = await signedIn(chromium.browser, origin(), ADMIN_TOKEN);
    await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).waitFor();
    const toHost = await tabTo(page, 'Host');
    expect(toHost).toEqual(['Settings', 'History', 'Outbound mail', 'Inbound mail', 'Sign out', 'Fill from a provider', 'Host']);
    await page.keyboard.type('smtp.keyboard.example');
    const toSave = await tabTo(page, 'Save');
    // The outgoing server's fields come before the incoming server's, the sender's and the properties'.
    expect(toSave).toEqual(expect.arrayContaining(['Port', 'Security', 'User', 'Protocol', 'Name', 'Address', 'Add a property']));
    expect(toSave.indexOf('Port')).toBeLessThan(toSave.indexOf('Protocol'));
    expect(toSave.indexOf('Protocol')).toBeLessThan(toSave.indexOf('Address'));
    // Every stop has a name a screen reader can read.
    expect([...toHost, ...toSave].filter((name) => name === '')).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved as version 1' }).waitFor();
    expect((await readSession(service)).outgoing.host).toBe('smtp.keyboard.example');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reaches the history, opens a restore, confirms it and lands back on the list, all with the keyboard', async () => {
    // At least two revisions, so that one is not in force and can be restored.
    await updateOk(service, { defaultSender: { name: 'A first version' } });
    await updateOk(service, { defaultSender: { name: 'A second version' } });
    const { context, page, problems } = await signedIn(chromium.browser, origin(), ADMIN_TOKEN);
    await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true }).waitFor();
    await tabTo(page, 'History');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Settings history' }).waitFor();
    // The new view's heading takes the focus, so a screen reader announces where the user is.
    expect(await focusedText(page)).toBe('Settings history');
    const before = (await readSession(service)).version;
    await tabTo(page, 'Restore version 1…');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await focusedText(page)).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toMatch(/^Restore version \d+$/);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Version 1 restored: the settings are now version' }).waitFor();
    expect((await readSession(service)).version).toBe(before + 1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
