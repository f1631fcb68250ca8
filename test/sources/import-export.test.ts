import { readFileSync } from 'node:fs';
import path from 'node:path';
import { onlyError, readSession, storedState, updateOk } from '../api/mail-session.operations';
import { allRevisions } from '../history/history.operations';
import { VIEWER_TOKEN, useTestApp } from '../support/test-app';
import { exportProperties, importProperties } from './import-export.operations';

const password = `export-${process.pid}-Secret!`;

/** Every setting the export covers, with passwords on both servers. */
const SETTINGS = {
  outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer', password },
  incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 143, security: 'STARTTLS_OPTIONAL', user: 'reader', password },
  additionalProperties: [
    { key: 'mail.smtp.auth', value: 'false' },
    { key: 'mail.smtp.connectiontimeout', value: '10000' },
    { key: 'mail.imap.ssl.trust', value: 'imap.example.com mail.example.com' },
  ],
  defaultSender: { name: 'Ex = ample: #1 \\ Portal', address: 'noreply@example.com' },
};

/** What an import of SETTINGS' export leaves behind: the same settings, no password stored. */
function importedSettings(): Record<string, unknown> {
  const { password: _out, ...outgoing } = SETTINGS.outgoing;
  const { password: _in, ...incoming } = SETTINGS.incoming;
  return { ...SETTINGS, outgoing, incoming };
}

describe('exporting and importing Liferay mail properties between two environments', () => {
  const source = useTestApp({}, 'test');
  const target = useTestApp({}, 'test');

  it('moves every setting between environments through an export and an import (passwords excepted)', async () => {
    await updateOk(source, SETTINGS);
    const text = await exportProperties(source, VIEWER_TOKEN);
    expect(text).toContain('mail.session.mail.store.protocol=imap\n');
    expect(text).toContain('mail.session.mail.smtp.auth=false\n');
    expect(text).not.toContain(password);
    expect(text).not.toMatch(/password=/);

    const result = await importProperties(target, text);
    expect(result.errors).toBeUndefined();
    const { version: _v1, updatedAt: _u1, updatedBy: _b1, transports: _t1, ...imported } = await readSession(target);
    const { version: _v2, updatedAt: _u2, updatedBy: _b2, transports: _t2, ...exported } = await readSession(source);
    expect(imported).toEqual({
      ...exported,
      incoming: { ...exported.incoming, passwordSet: false },
      outgoing: { ...exported.outgoing, passwordSet: false },
      additionalProperties: expect.arrayContaining(exported.additionalProperties) as unknown,
    });
    expect(imported.additionalProperties).toHaveLength(3);
    expect(await exportProperties(target)).toBe(text);
  });
});

describe('importing Liferay mail properties over settings imported before', () => {
  const target = useTestApp({}, 'test');
  beforeEach(async () => {
    await updateOk(target, importedSettings());
  });

  it('applies a pasted block as one update by the caller, and changes nothing when imported again', async () => {
    const before = await storedState(target.db);
    const text = 'mail.session.mail.smtp.port=2525\nmail.session.mail.smtp.password=new-password-1\nadmin.email.from.name=Renamed\n';
    const payload = (await importProperties(target, text)).data?.importMailSessionProperties;
    expect(payload?.mailSession).toMatchObject({ outgoing: { port: 2525, passwordSet: true }, defaultSender: { name: 'Renamed' } });
    expect((await storedState(target.db)).revisions).toBe(before.revisions + 1);
    const [latest] = await allRevisions(target);
    expect(latest?.changedBy).toBe('alice');
    expect(latest?.changes.map((c) => c.field)).toEqual(['outgoing.port', 'outgoing.password', 'defaultSender.name']);

    const again = await importProperties(target, await exportProperties(target));
    expect(again.errors).toBeUndefined();
    expect((await storedState(target.db)).revisions).toBe(before.revisions + 1);
  });

  it('keeps the other additional properties when only smtp.auth is imported', async () => {
    await importProperties(target, 'mail.session.mail.smtp.auth=true');
    const keys = (await readSession(target)).additionalProperties;
    expect(keys).toEqual(
      expect.arrayContaining([
        { key: 'mail.smtp.auth', value: 'true' },
        { key: 'mail.smtp.connectiontimeout', value: '10000' },
      ]),
    );
    expect(keys).toHaveLength(3);
  });

  it('reports keys that are not mail settings as IGNORED_PROPERTY warnings', async () => {
    const result = await importProperties(target, 'jdbc.default.url=jdbc:postgresql://db/lportal\nadmin.email.from.name=Imported\n');
    expect(result.errors).toBeUndefined();
    expect(result.data?.importMailSessionProperties.warnings[0]).toEqual({
      code: 'IGNORED_PROPERTY',
      field: ['text'],
      message: 'jdbc.default.url is not a mail setting and was ignored',
    });
    expect(result.data?.importMailSessionProperties.mailSession.defaultSender.name).toBe('Imported');
  });

  it.each([
    ['an unknown mail key', 'mail.session.mail.smtp.port=2527\nmail.session.mail.smtp.hots=smtp.example.com', 'mail.session.mail.smtp.hots', 2],
    ['a malformed escape', 'mail.session.mail.smtp.user=\\u12', '(file)', 1],
    ['an unknown protocol', 'mail.session.mail.transport.protocol=lmtp', 'mail.session.mail.transport.protocol', 1],
    ['a port out of range', 'mail.session.mail.smtp.port=0', 'mail.session.mail.smtp.port', 1],
  ])('refuses %s with BAD_USER_INPUT naming the key and line, changing nothing', async (_what, text, key, line) => {
    const before = await storedState(target.db);
    const error = onlyError(await importProperties(target, text));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('text');
    expect(error.extensions.key).toBe(key);
    expect(error.extensions.line).toBe(line);
    expect(await storedState(target.db)).toEqual(before);
  });

  it('requires the password again when an import moves the stored credentials to another server', async () => {
    await updateOk(target, { outgoing: { password: 'stored-password-1' } });
    expect((await readSession(target)).outgoing).toMatchObject({ host: 'smtp.example.com', user: 'mailer', passwordSet: true });
    const error = onlyError(await importProperties(target, 'mail.session.mail.smtp.host=evil.example.net'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('outgoing.password');
  });

  it('refuses a stale expectedVersion with CONFLICT', async () => {
    const current = await readSession(target);
    const error = onlyError(await importProperties(target, 'admin.email.from.name=Versioned', current.version - 1));
    expect(error.code).toBe('CONFLICT');
    expect((await importProperties(target, 'admin.email.from.name=Versioned', current.version)).errors).toBeUndefined();
  });

  it('is refused for a viewer and without a token', async () => {
    expect(onlyError(await importProperties(target, 'mail.session.mail.smtp.port=2601', undefined, VIEWER_TOKEN)).code).toBe('FORBIDDEN');
    expect(onlyError(await importProperties(target, 'mail.session.mail.smtp.port=2601', undefined, null)).code).toBe('UNAUTHENTICATED');
  });
});

describe('an empty password key in an import', () => {
  const target = useTestApp({}, 'test');
  const storedPasswords = async () =>
    (
      await target.db.query<{ outgoing_password: string | null; incoming_password: string | null }>(
        'SELECT outgoing_password, incoming_password FROM mail_session',
      )
    )[0];
  beforeEach(async () => {
    await updateOk(target, {
      ...SETTINGS,
      outgoing: { ...SETTINGS.outgoing, password: 'outgoing-password-1' },
      incoming: { ...SETTINGS.incoming, password: 'incoming-password-1' },
    });
  });

  it('removes the stored SMTP password, recorded as a change of outgoing.password, and leaves the incoming one', async () => {
    const result = await importProperties(target, 'mail.session.mail.smtp.password=\n');
    expect(result.errors).toBeUndefined();
    expect(result.data?.importMailSessionProperties.mailSession).toMatchObject({ outgoing: { passwordSet: false }, incoming: { passwordSet: true } });
    expect(await storedPasswords()).toEqual({ outgoing_password: null, incoming_password: expect.any(String) as unknown });
    const [latest] = await allRevisions(target);
    expect(latest?.changes.map((c) => c.field)).toEqual(['outgoing.password']);
  });

  it('removes the stored POP3/IMAP password through the pop3 key, whatever the store protocol', async () => {
    const result = await importProperties(target, 'mail.session.mail.pop3.password=');
    expect(result.errors).toBeUndefined();
    expect(result.data?.importMailSessionProperties.mailSession).toMatchObject({
      incoming: { protocol: 'IMAP', passwordSet: false },
      outgoing: { passwordSet: true },
    });
    expect(await storedPasswords()).toEqual({ outgoing_password: expect.any(String) as unknown, incoming_password: null });
  });

  it('changes nothing when imported again with no password stored', async () => {
    expect((await importProperties(target, 'mail.session.mail.smtp.password=')).errors).toBeUndefined();
    const before = await storedState(target.db);
    expect((await importProperties(target, 'mail.session.mail.smtp.password=')).errors).toBeUndefined();
    expect(await storedState(target.db)).toEqual(before);
  });

  it('keeps the stored passwords when the password keys are left out', async () => {
    expect((await importProperties(target, 'admin.email.from.name=Kept\nmail.session.mail.smtp.auth=true')).errors).toBeUndefined();
    expect(await readSession(target)).toMatchObject({ defaultSender: { name: 'Kept' }, outgoing: { passwordSet: true }, incoming: { passwordSet: true } });
  });

  it('may go with a move to another server, which without it needs the password again: the stored password is removed, never moved', async () => {
    const result = await importProperties(target, 'mail.session.mail.smtp.host=other.example.net\nmail.session.mail.smtp.password=');
    expect(result.errors).toBeUndefined();
    expect(result.data?.importMailSessionProperties.mailSession.outgoing).toMatchObject({ host: 'other.example.net', user: 'mailer', passwordSet: false });
    expect((await storedPasswords())?.outgoing_password).toBeNull();
  });

  it('imports a portal-ext.properties whose pop3.password is empty', async () => {
    const text = readFileSync(path.join(__dirname, 'fixtures', 'portal-ext.pop3-starttls.properties'), 'utf8');
    const result = await importProperties(target, text);
    expect(result.errors).toBeUndefined();
    expect(result.data?.importMailSessionProperties.mailSession).toMatchObject({
      incoming: { protocol: 'POP3', host: '10.0.0.25', user: null, passwordSet: false },
      outgoing: { host: 'smtp.example.net', user: 'mailer', passwordSet: true },
    });
  });
});
