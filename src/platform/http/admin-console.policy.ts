/**
 * The Content-Security-Policy of the admin console's page: scripts, styles, images and fonts from
 * the service only (Vite writes every one to a file, none inline), API calls to the service itself
 * (HTTP and the subscription WebSocket), and, with OIDC sign-in, to the identity provider (its
 * discovery document and token endpoint are fetched by the page). Nothing may frame it.
 */
export function adminConsolePolicy(host: string | undefined, issuer: string | undefined): string {
  const connect = ["'self'"];
  // CSP 3 lets 'self' match ws(s) to the page's host, but not every browser in use does: name them.
  // The Host header is the client's own, so it only shapes its own policy; anything odd is left out.
  if (host !== undefined && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) connect.push(`ws://${host}`, `wss://${host}`);
  if (issuer !== undefined) connect.push(new URL(issuer).origin);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
