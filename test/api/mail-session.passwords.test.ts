import { ADMIN_TOKEN, VIEWER_TOKEN, useTestApp } from '../support/test-app';
import { expectRefused, READ_MAIL_SESSION, readSession, UPDATE_MAIL_SESSION, updateOk } from './mail-session.operations';

type Side = 'incoming' | 'outgoing';

/** The server settings each side is reset to before a re-entry test. */
const BASE: Record<Side, Record<string, unknown>> = {
  outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer' },
  incoming: { host: 'imap.example.com', port: 993, security: 'TLS', user: 'reader', protocol: 'IMAP' },
};

/** A change to each credential-bound field that differs from BASE. */
const CREDENTIAL_CHANGES: [string, Record<string, unknown>][] = [
  ['host', { host: 'elsewhere.example.net' }],
  ['port', { port: 2525 }],
  ['security', { security: 'NONE' }],
  ['user', { user: 'someone-else' }],
];

describe('write-only passwords', () => {
  const t = useTestApp();
  let sequence = 0;
  const password = (label: string) => `Pw-${label}-${process.pid}-${++sequence}-Zq7!`;

  it.each<Side>(['outgoing', 'incoming'])('reports passwordSet on %s once a password is set, and never returns the password', async (side) => {
    const secret = password(side);
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query: UPDATE_MAIL_SESSION, variables: { input: { [side]: { ...BASE[side], password: secret } } } }),
    });
    const mutationText = await response.text();
    expect(JSON.parse(mutationText)).toMatchObject({ data: { updateMailSession: { mailSession: { [side]: { passwordSet: true } } } } });
    expect(mutationText).not.toContain(secret);

    const readText = await (
      await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER_TOKEN}` },
        body: JSON.stringify({ query: READ_MAIL_SESSION }),
      })
    ).text();
    expect(JSON.parse(readText)).toMatchObject({ data: { mailSession: { [side]: { passwordSet: true } } } });
    expect(readText).not.toContain(secret);
  });

  it.each<Side>(['outgoing', 'incoming'])('has no field through which the %s password could be read', async (side) => {
    const result = await t.gql(`query { mailSession { ${side} { password } } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.data ?? null).toBeNull();
  });

  it.each<Side>(['outgoing', 'incoming'])('removes the stored %s password with clearPassword: true', async (side) => {
    await updateOk(t, { [side]: { ...BASE[side], password: password(side) } });
    const before = await readSession(t);
    expect(before[side].passwordSet).toBe(true);

    const payload = await updateOk(t, { [side]: { clearPassword: true } });

    expect(payload.mailSession[side].passwordSet).toBe(false);
    expect(payload.mailSession.version).toBe(before.version + 1);
    expect((await readSession(t))[side].passwordSet).toBe(false);
    const [row] = await t.db.query<{ stored: string | null }>(`SELECT ${side}_password AS stored FROM mail_session`);
    expect(row?.stored).toBeNull();
  });

  it.each<Side>(['outgoing', 'incoming'])('refuses a %s password and clearPassword together, changing nothing', async (side) => {
    await updateOk(t, { [side]: { ...BASE[side], password: password(side) } });
    const error = await expectRefused(t, t.db, { [side]: { password: password(side), clearPassword: true } }, `${side}.clearPassword`);
    expect(error.message).toContain(`${side}.password`);
  });

  describe.each<Side>(['outgoing', 'incoming'])('re-entry of the %s password', (side) => {
    it.each(CREDENTIAL_CHANGES)(`is required when ${side}.%s changes while a password is stored`, async (field, change) => {
      await updateOk(t, { [side]: { ...BASE[side], password: password(side) } });
      const storedPassword = (await t.db.query<{ stored: string }>(`SELECT ${side}_password AS stored FROM mail_session`))[0]?.stored;

      const error = await expectRefused(t, t.db, { [side]: change }, `${side}.password`);

      expect(error.message).toContain(`${side}.${field}`);
      const [row] = await t.db.query<{ stored: string }>(`SELECT ${side}_password AS stored FROM mail_session`);
      expect(row?.stored).toBe(storedPassword);
    });

    it.each(CREDENTIAL_CHANGES)(`succeeds when ${side}.%s changes and the password is given again`, async (field, change) => {
      await updateOk(t, { [side]: { ...BASE[side], password: password(side) } });
      const before = await readSession(t);

      const payload = await updateOk(t, { [side]: { ...change, password: password(side) } });

      expect(payload.mailSession[side]).toMatchObject({ ...change, passwordSet: true });
      expect(payload.mailSession.version).toBe(before.version + 1);
      const [revision] = await t.db.query<{ changed_fields: string[] }>('SELECT changed_fields FROM mail_session_revision WHERE version = $1', [
        payload.mailSession.version,
      ]);
      expect(revision?.changed_fields).toEqual(expect.arrayContaining([`${side}.${field}`, `${side}.password`]));
    });

    it(`is not required to change ${side}.host when no password is stored`, async () => {
      await updateOk(t, { [side]: { ...BASE[side], clearPassword: true } });
      const before = await readSession(t);
      expect(before[side].passwordSet).toBe(false);

      const payload = await updateOk(t, { [side]: { host: 'no-password.example.org' } });

      expect(payload.mailSession[side]).toMatchObject({ host: 'no-password.example.org', passwordSet: false });
      expect(payload.mailSession.version).toBe(before.version + 1);
    });

    it(`is not required when the ${side} change leaves host, port, security and user as they are`, async () => {
      await updateOk(t, { [side]: { ...BASE[side], password: password(side) } });
      const before = await readSession(t);

      const payload = await updateOk(t, { [side]: { host: before[side].host, port: before[side].port } });

      expect(payload.mailSession.version).toBe(before.version);
      expect(payload.mailSession[side].passwordSet).toBe(true);
    });
  });

  it('applies the re-entry rule to each server on its own', async () => {
    await updateOk(t, {
      outgoing: { ...BASE.outgoing, password: password('out') },
      incoming: { ...BASE.incoming, clearPassword: true },
    });
    const before = await readSession(t);

    const payload = await updateOk(t, { incoming: { host: 'other-mailbox.example.org' } });

    expect(payload.mailSession.incoming.host).toBe('other-mailbox.example.org');
    expect(payload.mailSession.outgoing).toEqual(before.outgoing);
    await expectRefused(t, t.db, { outgoing: { host: 'other-relay.example.org' } }, 'outgoing.password');
  });
});
