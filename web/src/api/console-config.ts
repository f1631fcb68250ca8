/** GET /admin/config.json: what the page needs before sign-in (src/platform/http/admin-console.routes.ts). */
export interface ConsoleConfig {
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scope: string } | null;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/admin/config.json', { cache: 'no-cache' });
  if (!response.ok) return { oidc: null };
  return (await response.json()) as ConsoleConfig;
}
