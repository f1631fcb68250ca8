import type { Browser } from 'playwright-core';
import { startTestProvider, type TestProvider } from '../auth/oidc-provider';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildConsoleIfStale, describeInBrowser, launchChromium, newConsolePage, storedValues } from './browser';
import { startLoginProvider, type LoginProvider } from './login-provider';

jest.setTimeout(120_000);

const CLIENT_ID = 'mail-console';

describeInBrowser()('signing in to the admin console with OpenID Connect', () => {
  let browser: Browser;
  let keys: TestProvider;
  let provider: LoginProvider;
  let db: TestDatabase;
  let service: TestApp;
  // Separate hooks with room to spare: on a loaded two-core machine a database, a service and a browser each take a while.
  beforeAll(async () => {
    buildConsoleIfStale();
    keys = await startTestProvider();
    provider = await startLoginProvider(keys, CLIENT_ID, { preferred_username: 'olivia', email: 'olivia@example.org' });
  }, 120_000);
  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startTestApp({
      databaseUrl: db.url,
      oidc: keys.config({ issuer: provider.issuer }),
      adminConsole: { oidc: { issuer: provider.issuer, clientId: CLIENT_ID, scope: 'openid email' } },
    });
  }, 120_000);
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await db?.drop();
    await provider?.close();
    await keys?.close();
  });

  it('signs in with the authorization-code flow and PKCE, and offers the user’s address for the test e-mail', async () => {
    const origin = new URL(service.url).origin;
    const { context, page, problems } = await newConsolePage(browser);
    await page.goto(`${origin}/admin`);
    await page.getByRole('button', { name: `Sign in with ${new URL(provider.issuer).host}` }).click();
    await page.getByRole('region', { name: 'Outgoing server (SMTP)' }).waitFor();

    const [request] = provider.authorizations;
    expect(request && Object.fromEntries(request)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${origin}/admin/`,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(provider.refusals).toEqual([]);
    // The code and state left the address bar; only the access token stays, in session storage.
    expect(page.url()).toBe(`${origin}/admin/`);
    const stored = await storedValues(page);
    expect(stored.local).toEqual([]);
    expect(stored.session).toHaveLength(1);
    expect(stored.session[0]?.split('.')).toHaveLength(3);
    expect(await page.getByLabel('Recipient').inputValue()).toBe('olivia@example.org');

    await page.getByLabel('Name', { exact: true }).fill('Olivia’s portal');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Version 1, saved by oidc:olivia').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
