import type { Locator, Page } from 'playwright-core';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { accessibilityViolations, describeInBrowser, screenshot, useChromium } from './browser';
import { signedIn } from './console-session';

jest.setTimeout(90_000);

const service = useTestApp({ adminConsole: {} });
const origin = () => new URL(service.url).origin;

const outgoing = (page: Page) => page.getByRole('region', { name: 'Outgoing server (SMTP)' });
/** The `.field` block of a labelled control: its input and its notes (help, warnings, errors). */
const fieldOf = (scope: Locator, label: string) => scope.locator('.field').filter({ has: scope.page().getByLabel(label, { exact: true }) });

interface StoredClient {
  mailSession: {
    outgoing: { host: string | null; authentication: string; oauth2: { grant: string; tokenUrl: string; scope: string | null; clientId: string } | null };
  };
}

describeInBrowser()('the Microsoft 365 preset of the admin console', () => {
  const chromium = useChromium(60_000);

  it('asks for the tenant, not for a URL with a placeholder in it, and the service builds the token URL from it', async () => {
    const { context, page, problems } = await signedIn(chromium.browser, origin(), ADMIN_TOKEN);
    const smtp = outgoing(page);
    await smtp.getByText('Fill from a provider').click();
    await smtp.getByRole('button', { name: 'Fill the outgoing server with Microsoft 365 (OAuth 2.0)' }).click();
    expect(await smtp.getByLabel('Host', { exact: true }).inputValue()).toBe('smtp.office365.com');
    const tenant = smtp.getByLabel('Tenant id', { exact: true });
    expect(await tenant.inputValue()).toBe('');
    // No field holds a URL with a placeholder that would be saved as it is.
    expect(await smtp.getByLabel('Token URL', { exact: true }).count()).toBe(0);
    expect(
      await smtp.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value).filter((v) => v.includes('<'))),
    ).toEqual([]);
    await smtp.getByLabel('User', { exact: true }).fill('mailer@contoso.example');
    await smtp.getByLabel('Client id', { exact: true }).fill('11111111-2222-3333-4444-555555555555');
    await smtp.getByLabel('Client secret', { exact: true }).fill('entra-secret');

    // Saved without the tenant: refused at the tenant's field, everything typed kept.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await fieldOf(smtp, 'Tenant id').getByText('needs the tenant id').waitFor();
    expect(await smtp.getByLabel('Client id', { exact: true }).inputValue()).toBe('11111111-2222-3333-4444-555555555555');
    expect(await tenant.getAttribute('aria-invalid')).toBe('true');

    await tenant.fill('contoso.onmicrosoft.com');
    await fieldOf(smtp, 'Tenant id').getByText('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'preset-microsoft-365');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 1' }).waitFor();
    const { data } = await service.gql<StoredClient>('{ mailSession { outgoing { host authentication oauth2 { grant tokenUrl scope clientId } } } }');
    expect(data?.mailSession.outgoing).toEqual({
      host: 'smtp.office365.com',
      authentication: 'OAUTH2',
      oauth2: {
        grant: 'CLIENT_CREDENTIALS',
        tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
        scope: 'https://outlook.office365.com/.default',
        clientId: '11111111-2222-3333-4444-555555555555',
      },
    });
    // Saved, the form shows the URL the service built.
    expect(await smtp.getByLabel('Token URL', { exact: true }).inputValue()).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the admin type the token URL instead, starting from the one the tenant gives', async () => {
    const { context, page } = await signedIn(chromium.browser, origin(), ADMIN_TOKEN);
    const smtp = outgoing(page);
    await smtp.getByText('Fill from a provider').click();
    await smtp.getByRole('button', { name: 'Fill the outgoing server with Microsoft 365 (OAuth 2.0)' }).click();
    await smtp.getByLabel('Tenant id', { exact: true }).fill('fabrikam.example');
    await smtp.getByRole('button', { name: 'Type the token URL instead' }).click();
    expect(await smtp.getByLabel('Token URL', { exact: true }).inputValue()).toBe('https://login.microsoftonline.com/fabrikam.example/oauth2/v2.0/token');
    expect(await smtp.getByLabel('Tenant id', { exact: true }).count()).toBe(0);
    await context.close();
  });
});
