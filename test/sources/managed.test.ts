import path from 'node:path';
import { onlyError, readSession, storedState, updateSession } from '../api/mail-session.operations';
import { allRevisions, restore } from '../history/history.operations';
import { startTestApp, testSecretKey } from '../support/test-app';
import { IMPORT } from './import-export.operations';
import { FIXTURES, propertiesFile, sourceFromEnvironment, useSourceApps } from './sources.support';

const BASE = {
  MAIL_SESSION_MANAGED: 'true',
  MAIL_OUTGOING_HOST: 'smtp.example.org',
  MAIL_OUTGOING_PORT: '587',
  MAIL_OUTGOING_SECURITY: 'STARTTLS',
  MAIL_OUTGOING_USER: 'mailer',
  MAIL_OUTGOING_PASSWORD: 'managed-password-1',
};

describe('managed mode (MAIL_SESSION_MANAGED=true)', () => {
  const secretKey = testSecretKey();
  // A database per test: each test starts from an empty database and makes the restarts it relies on.
  const rig = useSourceApps({ secretKey });
  const restart = rig.restart;

  it('applies the environment at start and reports ENVIRONMENT as the source', async () => {
    const app = await restart(sourceFromEnvironment(BASE));
    const session = await app.gql<{ mailSession: { source: string; version: number; updatedBy: string } }>('{ mailSession { source version updatedBy } }');
    expect(session.data?.mailSession).toEqual({ source: 'ENVIRONMENT', version: 1, updatedBy: 'environment' });
  });

  it('refuses updateMailSession, restoreMailSession and importMailSessionProperties with FORBIDDEN, saying where settings come from', async () => {
    const app = await restart(sourceFromEnvironment(BASE));
    const before = await storedState(rig.db);
    const errors = [
      onlyError(await updateSession(app, { outgoing: { port: 2525 } })),
      onlyError(await restore(app, 1)),
      onlyError(await app.gql(IMPORT, { input: { text: 'mail.session.mail.smtp.port=2525' } })),
    ];
    for (const error of errors) {
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('MAIL_* environment variables');
      expect(error.message).toContain('MAIL_SESSION_MANAGED=true');
    }
    expect(await storedState(rig.db)).toEqual(before);
  });

  it('creates no new version on a restart with the same settings, password included', async () => {
    await restart(sourceFromEnvironment(BASE));
    expect((await storedState(rig.db)).revisions).toBe(1);
    const app = await restart(sourceFromEnvironment(BASE));
    expect((await readSession(app)).version).toBe(1);
    expect((await storedState(rig.db)).revisions).toBe(1);
  });

  it('re-applies changed settings on restart as a new version, recording what changed', async () => {
    expect((await readSession(await restart(sourceFromEnvironment(BASE)))).version).toBe(1);
    const app = await restart(sourceFromEnvironment({ ...BASE, MAIL_OUTGOING_PORT: '2525', MAIL_OUTGOING_PASSWORD: 'managed-password-2' }));
    expect(await readSession(app)).toMatchObject({ version: 2, updatedBy: 'environment', outgoing: { port: 2525, passwordSet: true } });
    const [latest] = await allRevisions(app);
    expect(latest?.changes.map((c) => c.field.join('.'))).toEqual(['outgoing.port', 'outgoing.password']);
  });

  it('removes what the source no longer gives, such as a password or a host', async () => {
    expect((await readSession(await restart(sourceFromEnvironment(BASE)))).outgoing).toMatchObject({ host: 'smtp.example.org', passwordSet: true });
    const { MAIL_OUTGOING_PASSWORD: _password, ...withoutPassword } = BASE;
    const app = await restart(sourceFromEnvironment({ ...withoutPassword, MAIL_OUTGOING_PORT: '2525' }));
    expect((await readSession(app)).outgoing).toMatchObject({ port: 2525, passwordSet: false });
    const other = await restart(sourceFromEnvironment({ MAIL_SESSION_MANAGED: 'true', MAIL_INCOMING_HOST: 'pop.example.org' }));
    const session = await readSession(other);
    expect(session.outgoing).toEqual({ host: null, port: 25, security: 'NONE', user: null, passwordSet: false });
    expect(session.incoming.host).toBe('pop.example.org');
  });

  it('reads an empty password as none, in a file as in the environment: the stored one is removed', async () => {
    const withPasswords = 'mail.session.mail.smtp.host=smtp.example.org\nmail.session.mail.smtp.user=mailer\nmail.session.mail.smtp.password=file-password-1\n';
    expect((await readSession(await restart({ kind: 'FILE', managed: true, path: await propertiesFile(withPasswords) }))).outgoing.passwordSet).toBe(true);
    const emptied = withPasswords.replace('password=file-password-1', 'password=');
    expect((await readSession(await restart({ kind: 'FILE', managed: true, path: await propertiesFile(emptied) }))).outgoing).toMatchObject({
      host: 'smtp.example.org',
      passwordSet: false,
    });
    expect((await readSession(await restart(sourceFromEnvironment(BASE)))).outgoing.passwordSet).toBe(true);
    const app = await restart(sourceFromEnvironment({ ...BASE, MAIL_OUTGOING_PASSWORD: '' }));
    expect((await readSession(app)).outgoing).toMatchObject({ host: 'smtp.example.org', passwordSet: false });
  });

  it('overrides changes made through the API before it was turned on', async () => {
    const app = await restart(undefined);
    const updated = await updateSession(app, { outgoing: { host: 'changed.example.org', port: 465, security: 'TLS' } });
    expect(updated.errors).toBeUndefined();
    const managed = await restart({ kind: 'FILE', managed: true, path: path.join(FIXTURES, 'portal-ext.pop3-starttls.properties') });
    const session = await managed.gql<{ mailSession: { source: string; updatedBy: string; outgoing: { host: string } } }>(
      '{ mailSession { source updatedBy outgoing { host } } }',
    );
    expect(session.data?.mailSession).toEqual({ source: 'FILE', updatedBy: 'file', outgoing: { host: 'smtp.example.net' } });
    const error = onlyError(await updateSession(managed, { outgoing: { port: 2525 } }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('MAIL_SESSION_PROPERTIES_FILE');
  });

  it('stops start-up on a bad managed file, leaving the stored settings as they were', async () => {
    expect((await readSession(await restart(sourceFromEnvironment(BASE)))).outgoing.host).toBe('smtp.example.org');
    await rig.stop();
    const before = await storedState(rig.db);
    const file = await propertiesFile('mail.session.mail.smtp.host=smtp.example.net\nmail.session.mail.smtp.port=0\n');
    await expect(startTestApp({ databaseUrl: rig.db.url, secretKey, mailSessionSource: { kind: 'FILE', managed: true, path: file } })).rejects.toThrow(
      /MAIL_SESSION_PROPERTIES_FILE: .*line 2: mail\.session\.mail\.smtp\.port: expected a port from 1 to 65535/,
    );
    expect(await storedState(rig.db)).toEqual(before);
  });
});

describe('the mail settings source in the configuration', () => {
  it('is the environment when a MAIL_* setting is given, and managed only when asked', () => {
    expect(sourceFromEnvironment({ MAIL_OUTGOING_HOST: 'smtp.example.org' })).toEqual({
      kind: 'ENVIRONMENT',
      managed: false,
      variables: { MAIL_OUTGOING_HOST: 'smtp.example.org' },
    });
    expect(sourceFromEnvironment({ MAIL_SESSION_PROPERTIES_FILE: '/etc/portal-ext.properties', MAIL_SESSION_MANAGED: 'true' })).toEqual({
      kind: 'FILE',
      managed: true,
      path: '/etc/portal-ext.properties',
    });
    expect(sourceFromEnvironment({ MAIL_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') })).toBeUndefined();
  });

  it('refuses a file and MAIL_* settings together, naming both', () => {
    expect(() => sourceFromEnvironment({ MAIL_SESSION_PROPERTIES_FILE: '/etc/x.properties', MAIL_OUTGOING_HOST: 'smtp.example.org' })).toThrow(
      /^MAIL_SESSION_PROPERTIES_FILE: .*not both.*MAIL_OUTGOING_HOST/,
    );
  });

  it('refuses managed mode without settings, and a managed flag that is not one', () => {
    expect(() => sourceFromEnvironment({ MAIL_SESSION_MANAGED: 'true' })).toThrow(/^MAIL_SESSION_MANAGED: /);
    expect(() => sourceFromEnvironment({ MAIL_SESSION_MANAGED: 'maybe', MAIL_OUTGOING_HOST: 'smtp.example.org' })).toThrow(
      /^MAIL_SESSION_MANAGED: expected true or false/,
    );
  });
});
