import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { accessibilityViolations, describeInBrowser, newConsolePage, screenshot, storedValues, useChromium } from './browser';

// A browser on a loaded two-core machine: each test opens its own context and page.
jest.setTimeout(120_000);

const service = useTestApp({ adminConsole: {} });
const origin = () => new URL(service.url).origin;

describeInBrowser()('signing in to the admin console', () => {
  const chromium = useChromium(120_000);

  it('signs in with a pasted token, keeps it in session storage only, and shows the settings', async () => {
    const { context, page, problems } = await newConsolePage(chromium.browser);
    await page.goto(`${origin()}/admin`);
    const token = page.getByLabel('Access token');
    await token.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await token.fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Outgoing server (SMTP)' }).waitFor();
    expect(await storedValues(page)).toEqual({ session: [ADMIN_TOKEN], local: [] });
    expect((await context.cookies()).length).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('takes a #token= link, moves the token into session storage and out of the address bar', async () => {
    const { context, page, problems } = await newConsolePage(chromium.browser);
    await page.goto(`${origin()}/admin#token=${ADMIN_TOKEN}`);
    await page.getByRole('heading', { name: 'Outgoing server (SMTP)' }).waitFor();
    expect(page.url()).toBe(`${origin()}/admin`);
    expect(await storedValues(page)).toEqual({ session: [ADMIN_TOKEN], local: [] });
    expect(problems).toEqual([]);
    // The entry was replaced, not added to: going back leaves the console, never to the link with the token.
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await context.close();
  });

  it('can be used with the keyboard alone: sign in, then reach Save and press it', async () => {
    const { context, page } = await newConsolePage(chromium.browser);
    const focused = () => page.evaluate<string>('document.activeElement?.getAttribute("name") ?? document.activeElement?.textContent ?? ""');
    await page.goto(`${origin()}/admin`);
    await page.getByLabel('Access token').waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('token');
    await page.keyboard.type(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Outgoing server (SMTP)' }).waitFor();
    const reached: string[] = [];
    for (let press = 0; press < 60 && reached.at(-1) !== 'Save'; press++) {
      await page.keyboard.press('Tab');
      reached.push(await focused());
    }
    expect(reached).toEqual(
      expect.arrayContaining(['outgoing-host', 'outgoing-port', 'outgoing-security', 'outgoing-password', 'incoming-host', 'sender-address']),
    );
    expect(reached.at(-1)).toBe('Save');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Nothing to save' }).waitFor();
    await context.close();
  });

  it('sends a refused token back to the sign-in page, saying why', async () => {
    const { context, page } = await newConsolePage(chromium.browser);
    await page.goto(`${origin()}/admin#token=not-a-token-of-this-service`);
    await page.getByRole('alert').filter({ hasText: 'did not accept this token' }).waitFor();
    await page.getByLabel('Access token').waitFor();
    expect(await storedValues(page)).toEqual({ session: [], local: [] });
    await context.close();
  });
});
