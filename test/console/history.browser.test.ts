import type { Browser } from 'playwright-core';
import { readSession, updateOk } from '../api/mail-session.operations';
import { historyOk } from '../history/history.operations';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, horizontalOverflow, launchChromium, screenshot } from './browser';
import { focusedText, openHistory, revision, signedIn } from './console-session';

// A browser on a loaded two-core machine: each test opens its own contexts and pages.
jest.setTimeout(60_000);

const service = useTestApp({ adminConsole: {} });
const origin = () => new URL(service.url).origin;

describeInBrowser()('the history view of the admin console', () => {
  let browser: Browser;
  beforeAll(async () => {
    buildConsoleIfStale();
    browser = await launchChromium();
    await updateOk(service, { outgoing: { host: 'smtp.one.example', port: 587, security: 'STARTTLS', user: 'mailer', password: 'first-secret-1' } });
    await updateOk(service, { outgoing: { host: 'smtp.two.example', password: 'second-secret-2' } });
    await updateOk(service, { additionalProperties: [{ key: 'mail.smtp.timeout', value: '5000' }], defaultSender: { address: 'noreply@example.com' } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('lists each revision with who, when and every field it changed, old and new; a password only as changed', async () => {
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
    await openHistory(page);
    expect(page.url()).toBe(`${origin()}/admin/history`);
    const second = revision(page, 2);
    await expect(second.getByRole('heading').textContent()).resolves.toBe('Version 2');
    expect(await second.textContent()).toContain('by alice');
    const changes = await second.getByRole('definition').allTextContents();
    const terms = await second.getByRole('term').allTextContents();
    expect(terms).toEqual(['Outgoing server host', 'Outgoing server password']);
    expect(changes).toEqual(['from smtp.one.example to smtp.two.example', 'was changed']);
    const third = revision(page, 3);
    expect(await third.getByRole('heading').textContent()).toBe('Version 3 (in force)');
    expect(await third.getByRole('term').allTextContents()).toEqual(['Additional properties', 'Default sender address']);
    expect(await third.getByRole('definition').allTextContents()).toEqual(['from none to mail.smtp.timeout=5000', 'from none to noreply@example.com']);
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toContain('first-secret-1');
    expect(text).not.toContain('second-secret-2');
    // The version in force has nothing to restore; the others do.
    expect(await third.getByRole('button').count()).toBe(0);
    await revision(page, 1).getByRole('button', { name: 'Restore version 1…' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'history');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('restores a revision only after a confirmation dialog, which Escape and Cancel leave without restoring', async () => {
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
    await openHistory(page);
    const before = (await historyOk(service)).totalCount;
    const open = revision(page, 1).getByRole('button', { name: 'Restore version 1…' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Restore version 1?' });
    await dialog.waitFor();
    // Cancel has the focus: Enter alone restores nothing.
    expect(await focusedText(page)).toBe('Cancel');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'history-restore-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await open.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await historyOk(service)).totalCount).toBe(before);

    await open.click();
    await dialog.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 restored: the settings are now version 4.' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    const restored = await readSession(service);
    expect([restored.version, restored.outgoing.host, restored.additionalProperties, restored.defaultSender.address]).toEqual([
      4,
      'smtp.one.example',
      [],
      null,
    ]);
    // The new revision is listed at once, in force, with what the restore changed back.
    const fourth = revision(page, 4);
    expect(await fourth.getByRole('heading').textContent()).toBe('Version 4 (in force)');
    expect(await fourth.getByRole('term').allTextContents()).toContain('Outgoing server password');
    expect(await fourth.textContent()).toContain('from smtp.two.example to smtp.one.example');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pages through a long history both ways, ten revisions a page', async () => {
    for (let n = 1; (await historyOk(service)).totalCount < 12; n += 1) await updateOk(service, { defaultSender: { name: `Mailer ${n}` } });
    const { context, page } = await signedIn(browser, origin(), ADMIN_TOKEN);
    await openHistory(page);
    const summary = page.getByText(/^Versions \d+ to \d+, newest first/);
    expect(await summary.textContent()).toBe('Versions 12 to 3, newest first (12 revisions in all).');
    const pager = page.getByRole('navigation', { name: 'History pages' });
    expect(await pager.getByRole('button', { name: 'Newer revisions' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Older revisions' }).click();
    await page.getByText('Versions 2 to 1, newest first (12 revisions in all).').waitFor();
    expect(await pager.getByRole('button', { name: 'Older revisions' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Newer revisions' }).click();
    await page.getByText('Versions 12 to 3, newest first (12 revisions in all).').waitFor();
    await context.close();
  });

  it('is usable 375 px wide: nothing to scroll sideways, on the list and in the dialog', async () => {
    const { context, page } = await signedIn(browser, origin(), ADMIN_TOKEN, 375);
    await openHistory(page);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'history-375');
    await page
      .getByRole('button', { name: /^Restore version \d+…$/ })
      .first()
      .click();
    await page.getByRole('dialog').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'history-restore-dialog-375');
    await context.close();
  });
});
