import { TEST_TOKENS, useTestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { readSession, storedState, updateOk, updateSession } from './mail-session.operations';

const ADMIN_NAME = TEST_TOKENS.find((token) => token.role === 'admin')?.name;

describe('reading and updating the mail settings over HTTP', () => {
  const t = useTestApp({}, 'test');

  it('starts at version 0 with nothing configured', async () => {
    const session = await readSession(t);
    expect(session.version).toBe(0);
    expect(session.updatedBy).toBeNull();
    expect(session.outgoing.host).toBeNull();
    expect(session.incoming.host).toBeNull();
    expect(session.additionalProperties).toEqual([]);
  });

  it('stores every field and returns it from the mutation and from a later query', async () => {
    const before = await readSession(t);
    const input = {
      incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS', user: 'in-user@example.com', deleteAfterFetch: false },
      outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'out-user@example.com' },
      additionalProperties: [
        { key: 'mail.smtp.connectiontimeout', value: '5000' },
        { key: 'mail.imap.timeout', value: '7000' },
      ],
      defaultSender: { name: 'Example Sender', address: 'sender@example.com' },
    };
    const expected = {
      incoming: { ...input.incoming, passwordSet: false },
      outgoing: { ...input.outgoing, passwordSet: false },
      additionalProperties: input.additionalProperties,
      defaultSender: input.defaultSender,
      version: before.version + 1,
      updatedBy: ADMIN_NAME,
    };

    const payload = await updateOk(t, input);
    expect(payload.mailSession).toMatchObject(expected);
    expect(await readSession(t)).toMatchObject(expected);
  });

  it('records the name of the token that made the change in updatedBy', async () => {
    await t.db.query("UPDATE mail_session SET updated_by = 'someone-before'");
    const { mailSession } = await updateOk(t, { defaultSender: { name: `Named ${Date.now()}` } });
    // The admin token of the test app is named alice (support/test-app.ts).
    expect(mailSession.updatedBy).toBe('alice');
    expect((await readSession(t)).updatedBy).toBe('alice');
    const [row] = await t.db.query<{ updated_by: string }>('SELECT updated_by FROM mail_session');
    expect(row?.updated_by).toBe('alice');
    const [revision] = await t.db.query<{ changed_by: string }>('SELECT changed_by FROM mail_session_revision WHERE version = $1', [mailSession.version]);
    expect(revision?.changed_by).toBe('alice');
  });

  it('increments the version by exactly one per committed change and moves updatedAt forward', async () => {
    const start = await readSession(t);
    const versions: number[] = [];
    const times: number[] = [Date.parse(start.updatedAt)];
    for (const port of [2525, 587, 25]) {
      // updatedAt has millisecond precision: wait until the clock has passed the last one.
      const last = times.at(-1) ?? 0;
      await waitUntil('the clock passed the last updatedAt', () => Date.now() > last, 1_000, 1);
      const payload = await updateOk(t, { outgoing: { port } });
      versions.push(payload.mailSession.version);
      times.push(Date.parse(payload.mailSession.updatedAt));
    }
    expect(versions).toEqual([start.version + 1, start.version + 2, start.version + 3]);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] ?? Infinity);
    const revisions = await t.db.query<{ version: number }>('SELECT version FROM mail_session_revision WHERE version > $1 ORDER BY version', [start.version]);
    expect(revisions.map((r) => r.version)).toEqual(versions);
  });

  it('keeps the fields an update leaves out', async () => {
    await updateOk(t, {
      incoming: { protocol: 'POP3', host: 'pop.example.com', port: 995, security: 'TLS', user: 'keeper', deleteAfterFetch: true },
      outgoing: { host: 'smtp.example.org', port: 465, security: 'TLS', user: 'sender' },
      additionalProperties: [{ key: 'mail.smtp.timeout', value: '9000' }],
      defaultSender: { name: 'Kept Name', address: 'kept@example.org' },
    });
    const before = await readSession(t);

    const payload = await updateOk(t, { outgoing: { port: 2525 } });

    const after = payload.mailSession;
    expect(after.outgoing).toEqual({ ...before.outgoing, port: 2525 });
    expect(after.incoming).toEqual(before.incoming);
    expect(after.additionalProperties).toEqual(before.additionalProperties);
    expect(after.defaultSender).toEqual(before.defaultSender);
    expect(after.version).toBe(before.version + 1);
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(await readSession(t)).toMatchObject({ outgoing: after.outgoing, incoming: before.incoming, defaultSender: before.defaultSender });
  });

  it('keeps the other default sender field when only one is sent', async () => {
    await updateOk(t, { defaultSender: { name: 'Only Name', address: 'only@example.org' } });
    const payload = await updateOk(t, { defaultSender: { name: 'Renamed' } });
    expect(payload.mailSession.defaultSender).toEqual({ name: 'Renamed', address: 'only@example.org' });
  });

  it('clears nullable fields sent as null: host, user and both default sender fields', async () => {
    await updateOk(t, {
      incoming: { host: 'pop.clear.example', user: 'in-user' },
      outgoing: { host: 'smtp.clear.example', user: 'out-user' },
      defaultSender: { name: 'To Clear', address: 'clear@example.org' },
    });
    const before = await readSession(t);

    const payload = await updateOk(t, {
      incoming: { host: null, user: null },
      outgoing: { host: null, user: null },
      defaultSender: { name: null, address: null },
    });

    const expected = {
      incoming: { host: null, user: null },
      outgoing: { host: null, user: null },
      defaultSender: { name: null, address: null },
      version: before.version + 1,
    };
    expect(payload.mailSession).toMatchObject(expected);
    expect(await readSession(t)).toMatchObject(expected);
    const [row] = await t.db.query(
      'SELECT incoming_host, incoming_user, outgoing_host, outgoing_user, default_sender_name, default_sender_address FROM mail_session',
    );
    expect(row).toEqual({
      incoming_host: null,
      incoming_user: null,
      outgoing_host: null,
      outgoing_user: null,
      default_sender_name: null,
      default_sender_address: null,
    });
  });

  it('clears the additional properties when sent an empty list', async () => {
    await updateOk(t, { additionalProperties: [{ key: 'mail.pop3.timeout', value: '1000' }] });
    const payload = await updateOk(t, { additionalProperties: [] });
    expect(payload.mailSession.additionalProperties).toEqual([]);
  });

  it('resets null port, security, protocol and deleteAfterFetch to their defaults, as their descriptions say', async () => {
    await updateOk(t, {
      outgoing: { port: 2525, security: 'TLS' },
      incoming: { protocol: 'IMAP', port: 10993, security: 'TLS', deleteAfterFetch: false },
    });
    // null port with the security kept: the implicit TLS port of the protocol kept.
    const ports = await updateOk(t, { outgoing: { port: null }, incoming: { port: null } });
    expect(ports.mailSession.outgoing).toMatchObject({ port: 465, security: 'TLS' });
    expect(ports.mailSession.incoming).toMatchObject({ protocol: 'IMAP', port: 993, security: 'TLS' });
    const all = await updateOk(t, {
      outgoing: { port: null, security: null },
      incoming: { protocol: null, port: null, security: null, deleteAfterFetch: null },
    });
    expect(all.mailSession.outgoing).toMatchObject({ port: 25, security: 'NONE' });
    expect(all.mailSession.incoming).toMatchObject({ protocol: 'POP3', port: 110, security: 'NONE', deleteAfterFetch: true });
  });

  it('refuses clearPassword: null, which the SDL declares Boolean! = false, and takes a left-out one as false', async () => {
    const before = await storedState(t.db);
    const refused = await updateSession(t, { outgoing: { clearPassword: null } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await storedState(t.db)).toEqual(before);
    expect((await updateSession(t, { outgoing: {} })).errors).toBeUndefined();
  });

  it('does not bump the version for an update that changes nothing', async () => {
    const current = await readSession(t);
    const stored = await storedState(t.db);

    const payload = await updateOk(t, {
      incoming: { protocol: current.incoming.protocol, port: current.incoming.port, security: current.incoming.security },
      outgoing: { host: current.outgoing.host, port: current.outgoing.port, security: current.outgoing.security, user: current.outgoing.user },
      additionalProperties: current.additionalProperties,
      defaultSender: current.defaultSender,
    });

    expect(payload.mailSession.version).toBe(current.version);
    expect(payload.mailSession.updatedAt).toBe(current.updatedAt);
    expect(await storedState(t.db)).toEqual(stored);
  });

  it('does not bump the version for an empty update', async () => {
    const current = await readSession(t);
    const result = await updateSession(t, {});
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMailSession.mailSession.version).toBe(current.version);
    expect((await readSession(t)).version).toBe(current.version);
  });

  it('takes null for a whole server object or the default sender as left out: nothing changes', async () => {
    const before = await readSession(t);
    const stored = await storedState(t.db);
    const payload = await updateOk(t, { outgoing: null, incoming: null, defaultSender: null });
    expect(payload.mailSession.version).toBe(before.version);
    expect(await storedState(t.db)).toEqual(stored);
  });
});
