import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { onlyError, readSession, updateOk, updateSession } from './mail-session.operations';

/**
 * Each test breaks a database of its own on purpose (drops the history table): an update then
 * fails inside the repository with an error no rule of ours anticipated.
 */
describe('masking of unexpected errors', () => {
  const t = useTestApp({}, 'test');
  const breakHistory = () => t.db.query('DROP TABLE mail_session_revision');

  it('answers INTERNAL_SERVER_ERROR with a generic message and a request id, and logs the original under that id', async () => {
    const before = await readSession(t);
    await breakHistory();

    const result = await updateSession(t, { outgoing: { host: 'smtp.example.com' } });

    const error = onlyError(result);
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Internal server error');
    expect(typeof error.extensions.requestId).toBe('string');
    const requestId = String(error.extensions.requestId);
    expect(requestId.length).toBeGreaterThan(0);

    const body = JSON.stringify(result);
    for (const leak of ['mail_session_revision', 'mail_session', 'does not exist', 'prisma', 'Prisma', t.db.name, 'postgres', 'stack']) {
      expect(body).not.toContain(leak);
    }
    expect(Object.keys(error.extensions).sort()).toEqual(['code', 'requestId']);

    const logged = t.logs.lines.filter((line) => line.includes(requestId) && line.includes('mail_session_revision'));
    expect(logged.length).toBeGreaterThan(0);
    const entry = JSON.parse(logged[0] ?? '{}') as { level?: number };
    expect(entry.level).toBeGreaterThanOrEqual(50);

    // The transaction rolled back: nothing of the update is stored.
    const [row] = await t.db.query<{ version: number; outgoing_host: string | null }>('SELECT version, outgoing_host FROM mail_session');
    expect(row).toEqual({ version: before.version, outgoing_host: before.outgoing.host });
  });

  it('gives each masked error its own request id', async () => {
    await breakHistory();
    const first = onlyError(await updateSession(t, { outgoing: { port: 2525 } }));
    const second = onlyError(await updateSession(t, { outgoing: { port: 2526 } }));
    expect(first.code).toBe('INTERNAL_SERVER_ERROR');
    expect(second.code).toBe('INTERNAL_SERVER_ERROR');
    expect(first.extensions.requestId).not.toBe(second.extensions.requestId);
  });

  it('uses the caller-supplied x-request-id so a client can quote it', async () => {
    await breakHistory();
    const requestId = `client-${Date.now()}`;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': requestId },
      body: JSON.stringify({
        query: 'mutation($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }',
        variables: { input: { outgoing: { port: 2527 } } },
      }),
    });
    const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(t.logs.lines.some((line) => line.includes(requestId) && line.includes('mail_session_revision'))).toBe(true);
  });

  it('keeps serving the settings it applied while updates fail', async () => {
    const applied = await updateOk(t, { outgoing: { host: 'applied.example.com', port: 2525, security: 'NONE' } });
    await breakHistory();

    expect(onlyError(await updateSession(t, { outgoing: { host: 'refused.example.com' } })).code).toBe('INTERNAL_SERVER_ERROR');

    const session = await readSession(t);
    expect(session.version).toBe(applied.mailSession.version);
    expect(session.outgoing).toEqual(applied.mailSession.outgoing);
    expect(session.transports.outgoing).toMatchObject({ state: 'READY', appliedVersion: applied.mailSession.version });
  });
});
