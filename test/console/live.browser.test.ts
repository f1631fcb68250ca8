import type { Browser, Page } from 'playwright-core';
import { readSession, updateOk } from '../api/mail-session.operations';
import { ADMIN_TOKEN, startTestApp, useTestApp, type TestApp } from '../support/test-app';
import { accessibilityViolations, buildConsoleIfStale, describeInBrowser, launchChromium, screenshot } from './browser';
import { openHistory, revision, signedIn } from './console-session';

// Two instances of the service on one database: the page is served by the first.
// A browser on a loaded two-core machine: each test opens its own contexts and pages.
jest.setTimeout(60_000);

const service = useTestApp({ adminConsole: {}, instanceId: 'one' });
let other: TestApp | undefined;
const origin = () => new URL(service.url).origin;

describeInBrowser()('live changes and conflicts in the admin console', () => {
  let browser: Browser;
  beforeAll(async () => {
    buildConsoleIfStale();
    other = await startTestApp({ databaseUrl: service.db.url, instanceId: 'two' });
    browser = await launchChromium();
    await updateOk(service, { outgoing: { host: 'smtp.one.example', port: 587, security: 'STARTTLS' } });
    await updateOk(service, { outgoing: { host: 'smtp.two.example' } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await other?.close();
  });

  it('says at once when another instance applies a newer version, and loads it only when asked', async () => {
    if (!other) throw new Error('the second instance did not start');
    const { context, page, problems } = await signedIn(browser, origin(), ADMIN_TOKEN);
    const shown = (await readSession(service)).version;
    const live = page.getByRole('region', { name: 'Notices' }).getByRole('status');
    expect(await live.textContent()).toBe('');
    await updateOk(other, { defaultSender: { name: 'Changed elsewhere' } });
    await live.getByText(`Version ${shown + 1} of the settings was saved by alice`).waitFor();
    expect(await live.textContent()).toContain(`This page shows version ${shown}.`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'live-notice');
    await live.getByRole('button', { name: `Load version ${shown + 1}` }).click();
    await live.getByText('was saved by').waitFor({ state: 'detached' });
    // The page now shows the newer version: the next change is announced against it.
    await updateOk(other, { defaultSender: { name: 'Changed again' } });
    await live.getByText(`This page shows version ${shown + 1}.`).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('two admins editing the form at once: the second is told of the first one’s save at once, and its own save is a conflict that keeps its input', async () => {
    const first = await signedIn(browser, origin(), ADMIN_TOKEN);
    const second = await signedIn(browser, origin(), ADMIN_TOKEN);
    const host = (page: Page) => page.getByRole('region', { name: 'Outgoing server (SMTP)' }).getByLabel('Host', { exact: true });
    const sender = (page: Page) => page.getByRole('region', { name: 'Default sender' }).getByLabel('Name', { exact: true });
    const before = (await readSession(service)).version;
    // Both start editing the same version.
    await sender(first.page).fill('First admin');
    await sender(second.page).fill('Second admin');
    await first.page.getByRole('button', { name: 'Save', exact: true }).click();
    await first.page
      .getByRole('status')
      .filter({ hasText: `Saved as version ${before + 1}` })
      .waitFor();

    const secondLive = second.page.getByRole('region', { name: 'Notices' }).getByRole('status');
    await secondLive.getByText(`Version ${before + 1} of the settings was saved by alice`).waitFor();
    expect(await first.page.getByRole('region', { name: 'Notices' }).getByRole('status').textContent()).toBe('');
    // Typed input is never replaced by the notice.
    expect(await sender(second.page).inputValue()).toBe('Second admin');

    await second.page.getByRole('button', { name: 'Save', exact: true }).click();
    await second.page
      .getByRole('status')
      .filter({ hasText: `someone else saved version ${before + 1} while you were editing` })
      .waitFor();
    expect(await sender(second.page).inputValue()).toBe('Second admin');
    expect((await readSession(service)).defaultSender.name).toBe('First admin');
    expect(await accessibilityViolations(second.page)).toEqual([]);
    await screenshot(second.page, 'save-conflict-live');

    await secondLive.getByRole('button', { name: `Load version ${before + 1}` }).click();
    await secondLive.getByText('was saved by').waitFor({ state: 'detached' });
    expect(await sender(second.page).inputValue()).toBe('First admin');
    expect(await host(second.page).inputValue()).toBe((await readSession(service)).outgoing.host ?? '');
    expect([...first.problems, ...second.problems]).toEqual([]);
    await first.context.close();
    await second.context.close();
  });

  it('two admins at once: the second hears of the first one’s restore, and restoring over it is a conflict, not an overwrite', async () => {
    const first = await signedIn(browser, origin(), ADMIN_TOKEN);
    const second = await signedIn(browser, origin(), ADMIN_TOKEN);
    await openHistory(first.page);
    await openHistory(second.page);
    const before = (await readSession(service)).version;

    await revision(first.page, 1).getByRole('button', { name: 'Restore version 1…' }).click();
    await first.page.getByRole('dialog').getByRole('button', { name: 'Restore version 1' }).click();
    await first.page.getByText(`Version 1 restored: the settings are now version ${before + 1}.`).waitFor();

    const secondLive = second.page.getByRole('region', { name: 'Notices' }).getByRole('status');
    await secondLive.getByText(`Version ${before + 1} of the settings was saved by alice`).waitFor();
    // The page that saved it has nothing to be told.
    expect(await first.page.getByRole('region', { name: 'Notices' }).getByRole('status').textContent()).toBe('');

    await revision(second.page, 2).getByRole('button', { name: 'Restore version 2…' }).click();
    const dialog = second.page.getByRole('dialog', { name: 'Restore version 2?' });
    await dialog.getByRole('button', { name: 'Restore version 2' }).click();
    const conflict = dialog.getByRole('alert');
    await conflict.getByText('Nothing was restored:').waitFor();
    expect(await conflict.textContent()).toContain(`Someone saved version ${before + 1} after version ${before}`);
    expect((await readSession(service)).version).toBe(before + 1);
    expect((await readSession(service)).outgoing.host).toBe('smtp.one.example');
    expect(await accessibilityViolations(second.page)).toEqual([]);
    await screenshot(second.page, 'restore-conflict');

    await conflict.getByRole('button', { name: `Load version ${before + 1}` }).click();
    await dialog.waitFor({ state: 'detached' });
    await secondLive.getByText('was saved by').waitFor({ state: 'detached' });
    expect(
      await revision(second.page, before + 1)
        .getByRole('heading')
        .textContent(),
    ).toBe(`Version ${before + 1} (in force)`);
    // On top of the newer version, the same restore goes through.
    await revision(second.page, 2).getByRole('button', { name: 'Restore version 2…' }).click();
    await second.page.getByRole('dialog').getByRole('button', { name: 'Restore version 2' }).click();
    await second.page.getByText(`Version 2 restored: the settings are now version ${before + 2}.`).waitFor();
    expect((await readSession(service)).outgoing.host).toBe('smtp.two.example');
    expect([...first.problems, ...second.problems]).toEqual([]);
    await first.context.close();
    await second.context.close();
  });
});
