import { storedState, UPDATE_MAIL_SESSION } from '../api/mail-session.operations';
import { useTestApp, ADMIN_TOKEN } from '../support/test-app';

/**
 * CSRF prevention is off (see src/platform/graphql/apollo-server.ts): queries over GET work as
 * urql sends them, and what a cross-site "simple" request could do is held here instead.
 */
describe('GET queries and cross-site simple requests', () => {
  const t = useTestApp();
  const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const getUrl = (query: string, variables?: Record<string, unknown>) => {
    const url = new URL(t.url);
    url.searchParams.set('query', query);
    if (variables) url.searchParams.set('variables', JSON.stringify(variables));
    return url.toString();
  };

  it('answers a GET query with no content type and no preflight-forcing header, as urql sends it, uncacheable', async () => {
    const response = await fetch(getUrl('query Version { mailSession { version } }'), {
      headers: { ...bearer, accept: 'application/graphql-response+json, application/json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { mailSession: { version: expect.any(Number) } } });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a GET without a token (what a cross-site page can send) with 401 UNAUTHENTICATED, not as a failed login', async () => {
    const response = await fetch(getUrl('{ mailSession { version } }'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
    expect(t.logs.text).not.toMatch(/authentication failed/);
  });

  it('never runs a mutation sent over GET (405), and logs neither its text nor its variables', async () => {
    const before = await storedState(t.db);
    const secret = 'get-password-must-not-be-logged';
    const response = await fetch(getUrl(UPDATE_MAIL_SESSION, { input: { outgoing: { host: 'smtp.get.example', password: secret } } }), { headers: bearer });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await storedState(t.db)).toEqual(before);
    // The request line was logged (by path); nothing of its query string was.
    expect(t.logs.text).toMatch(/"path":"\/graphql"/);
    expect(t.logs.text).not.toContain(secret);
    expect(t.logs.text).not.toContain('smtp.get.example');
    expect(t.logs.text).not.toContain('UpdateMailSession');
  });

  it.each([
    ['text/plain', (body: string) => body],
    ['application/x-www-form-urlencoded', (body: string) => new URLSearchParams({ query: body }).toString()],
    ['multipart/form-data; boundary=x', (body: string) => `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${body}\r\n--x--\r\n`],
  ])('never runs a mutation POSTed as %s (a body a cross-site form can send), with or without a token', async (contentType, encode) => {
    const before = await storedState(t.db);
    const body = encode(JSON.stringify({ query: UPDATE_MAIL_SESSION, variables: { input: { defaultSender: { name: 'cross-site' } } } }));
    for (const headers of [{ 'content-type': contentType }, { 'content-type': contentType, ...bearer }]) {
      const response = await fetch(t.url, { method: 'POST', headers, body });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(await storedState(t.db)).toEqual(before);
  });
});
