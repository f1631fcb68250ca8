/** What the page may show of a token: an OIDC access token's e-mail claim, read without verifying (the API verifies). */
export function tokenEmail(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    if (typeof claims !== 'object' || claims === null || !('email' in claims)) return undefined;
    const email = claims.email;
    return typeof email === 'string' && /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
  } catch {
    return undefined;
  }
}
