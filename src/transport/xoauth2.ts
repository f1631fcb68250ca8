/**
 * The SASL strings of OAuth 2.0 sign-in: Google's and Microsoft's XOAUTH2 and RFC 7628's
 * OAUTHBEARER, and the error a server sends back when it refuses a token. Pure: no I/O.
 */

/** `user=<user>^Aauth=Bearer <token>^A^A`, base64: the initial response of `AUTH XOAUTH2`. */
export function xoauth2Response(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, 'utf8').toString('base64');
}

/** RFC 7628 `n,a=<user>,^Ahost=..^Aport=..^Aauth=Bearer <token>^A^A`, base64. */
export function oauthBearerResponse(user: string, token: string, host: string, port: number): string {
  const authzid = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
  return Buffer.from(`n,a=${authzid},\x01host=${host}\x01port=${port}\x01auth=Bearer ${token}\x01\x01`, 'utf8').toString('base64');
}

/**
 * What a server's base64 JSON error challenge (`{"status":"401","schemes":"bearer","scope":"..."}`)
 * says, as safe text: only the `status` and `scope` fields, each cut short; anything else is
 * dropped, since a hostile server may put any text there.
 */
export function xoauth2ErrorText(challenge: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(challenge.trim(), 'base64').toString('utf8'));
  } catch {
    return 'the server refused the access token';
  }
  if (parsed === null || typeof parsed !== 'object') return 'the server refused the access token';
  const fields = parsed as Record<string, unknown>;
  const safe = (value: unknown) => (typeof value === 'string' ? value.replace(/[^\x20-\x7e]/g, '?').slice(0, 120) : undefined);
  const status = safe(fields.status);
  const scope = safe(fields.scope);
  return `the server refused the access token${status ? ` (status ${status}` : ''}${status && scope ? `, scope ${scope})` : status ? ')' : scope ? ` (scope ${scope})` : ''}`;
}
