import { ADMIN_TOKEN, VIEWER_TOKEN, type GraphQLResult, useTestApp } from '../support/test-app';
import { onlyError, READ_MAIL_SESSION, readSession, storedState, UPDATE_MAIL_SESSION, updateSession } from './mail-session.operations';

const CHANGE = { outgoing: { host: 'attacker.example.net', port: 2525 } };

describe('authentication and authorization over HTTP', () => {
  const t = useTestApp();

  /** POSTs with an Authorization header exactly as given (or none). */
  async function post(query: string, variables: Record<string, unknown> | undefined, authorization: string | undefined): Promise<GraphQLResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== undefined) headers.authorization = authorization;
    const response = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return { ...((await response.json()) as GraphQLResult), status: response.status };
  }

  /** Checks that `action` was refused with `code` and that nothing was stored. */
  async function expectRefusedWith(code: string, action: () => Promise<GraphQLResult<unknown>>): Promise<void> {
    const before = await storedState(t.db);
    const result = await action();
    expect(onlyError(result).code).toBe(code);
    // Without a valid token the request is refused before its document is read: HTTP 401.
    if (code === 'UNAUTHENTICATED') expect(result.status).toBe(401);
    expect(result.data ?? null).toBeNull();
    expect(await storedState(t.db)).toEqual(before);
  }

  it('refuses the query without a token with UNAUTHENTICATED', async () => {
    await expectRefusedWith('UNAUTHENTICATED', () => t.gql(READ_MAIL_SESSION, undefined, null));
  });

  it('refuses the mutation without a token with UNAUTHENTICATED and changes nothing', async () => {
    await expectRefusedWith('UNAUTHENTICATED', () => updateSession(t, CHANGE, null));
  });

  it('refuses an unknown bearer token with UNAUTHENTICATED', async () => {
    await expectRefusedWith('UNAUTHENTICATED', () => t.gql(READ_MAIL_SESSION, undefined, 'not-a-token-0123456789abcdef'));
    await expectRefusedWith('UNAUTHENTICATED', () => updateSession(t, CHANGE, `${ADMIN_TOKEN}x`));
  });

  it.each([
    ['a Basic scheme', `Basic ${Buffer.from(`alice:${ADMIN_TOKEN}`).toString('base64')}`],
    ['Basic with junk', 'Basic x'],
    ['Bearer alone', 'Bearer'],
    ['Bearer and a space', 'Bearer '],
    ['the token without a scheme', ADMIN_TOKEN],
    ['two tokens', `Bearer ${ADMIN_TOKEN} ${ADMIN_TOKEN}`],
  ])('refuses a malformed Authorization header (%s) with UNAUTHENTICATED', async (_why, header) => {
    await expectRefusedWith('UNAUTHENTICATED', () => post(READ_MAIL_SESSION, undefined, header));
    await expectRefusedWith('UNAUTHENTICATED', () => post(UPDATE_MAIL_SESSION, { input: CHANGE }, header));
  });

  it('lets a viewer read the settings', async () => {
    const session = await readSession(t, VIEWER_TOKEN);
    expect(typeof session.version).toBe('number');
  });

  it('refuses a viewer the mutation with FORBIDDEN and changes nothing', async () => {
    const before = await readSession(t, VIEWER_TOKEN);
    await expectRefusedWith('FORBIDDEN', () => updateSession(t, CHANGE, VIEWER_TOKEN));
    expect(await readSession(t, VIEWER_TOKEN)).toEqual(before);
  });

  it('lets an admin read and change the settings', async () => {
    const before = await readSession(t, ADMIN_TOKEN);
    const result = await updateSession(t, { defaultSender: { name: `Admin ${before.version}` } }, ADMIN_TOKEN);
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMailSession.mailSession.version).toBe(before.version + 1);
    expect((await readSession(t, ADMIN_TOKEN)).defaultSender.name).toBe(`Admin ${before.version}`);
  });

  it('accepts the Bearer scheme in any case, as RFC 7235 allows', async () => {
    const result = await post(READ_MAIL_SESSION, undefined, `bearer ${VIEWER_TOKEN}`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toHaveProperty('mailSession.version');
  });

  it('does not echo a refused token in the response or the log', async () => {
    const wrong = 'wrong-token-that-must-not-leak-0123456789';
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${wrong}` },
      body: JSON.stringify({ query: READ_MAIL_SESSION }),
    });
    expect(await response.text()).not.toContain(wrong);
    expect(t.logs.lines.length).toBeGreaterThan(0);
    expect(t.logs.text).not.toContain(wrong);
    expect(t.logs.text).not.toContain(ADMIN_TOKEN);
  });
});
