import path from 'node:path';
import { readSession, storedState } from '../api/mail-session.operations';
import { allRevisions } from '../history/history.operations';
import { startTestApp, testSecretKey } from '../support/test-app';
import { FIXTURES, propertiesFile, sourceFromEnvironment, useSourceApps } from './sources.support';

const ENVIRONMENT = {
  MAIL_OUTGOING_HOST: 'smtp.example.org',
  MAIL_OUTGOING_PORT: '587',
  MAIL_OUTGOING_SECURITY: 'starttls',
  MAIL_OUTGOING_USER: 'mailer',
  MAIL_OUTGOING_PASSWORD: 'env-secret-password',
  MAIL_INCOMING_PROTOCOL: 'imap',
  MAIL_INCOMING_HOST: 'imap.example.org',
  MAIL_INCOMING_PORT: '993',
  MAIL_INCOMING_SECURITY: 'TLS',
  MAIL_INCOMING_DELETE_AFTER_FETCH: 'true',
  MAIL_ADDITIONAL_PROPERTIES: 'mail.smtp.connectiontimeout=10000\nmail.imap.timeout=20000',
  MAIL_DEFAULT_SENDER_NAME: 'Example',
  MAIL_DEFAULT_SENDER_ADDRESS: 'noreply@example.org',
};

describe('seeding the settings from the environment or a Liferay properties file', () => {
  const rig = useSourceApps({ secretKey: testSecretKey() });
  const start = rig.start;

  it('seeds an empty database from MAIL_* variables as version 1 by "environment"', async () => {
    const t = await start(sourceFromEnvironment(ENVIRONMENT));
    const session = await readSession(t);
    expect(session).toMatchObject({
      version: 1,
      updatedBy: 'environment',
      outgoing: { host: 'smtp.example.org', port: 587, security: 'STARTTLS', user: 'mailer', passwordSet: true },
      incoming: { protocol: 'IMAP', host: 'imap.example.org', port: 993, security: 'TLS', user: null, passwordSet: false, deleteAfterFetch: true },
      additionalProperties: [
        { key: 'mail.smtp.connectiontimeout', value: '10000' },
        { key: 'mail.imap.timeout', value: '20000' },
      ],
      defaultSender: { name: 'Example', address: 'noreply@example.org' },
    });
    expect((await t.gql<{ mailSession: { source: string } }>('{ mailSession { source } }')).data?.mailSession.source).toBe('DATABASE');
    const [revision] = await allRevisions(t);
    expect(revision).toMatchObject({ version: 1, changedBy: 'environment' });
    expect(JSON.stringify(await rig.db.query('SELECT * FROM mail_session_revision'))).not.toContain('env-secret-password');
  });

  it('seeds from a portal-ext.properties with pop3s and smtps as implicit TLS, by "file"', async () => {
    const t = await start({ kind: 'FILE', managed: false, path: path.join(FIXTURES, 'portal-ext.pop3s-smtps.properties') });
    const session = await readSession(t);
    expect(session).toMatchObject({
      version: 1,
      updatedBy: 'file',
      incoming: { protocol: 'POP3', host: 'pop.example.com', port: 995, security: 'TLS', user: 'portal@example.com', passwordSet: true },
      outgoing: { host: 'smtp.example.com', port: 465, security: 'TLS', user: 'portal@example.com', passwordSet: true },
      defaultSender: { name: 'Example Portal', address: 'noreply@example.com' },
    });
    expect(session.additionalProperties.map((p) => p.key)).toEqual([
      'mail.smtp.auth',
      'mail.smtp.connectiontimeout',
      'mail.smtp.timeout',
      'mail.pop3.connectiontimeout',
    ]);
    expect(t.logs.text).toContain('jdbc.default.url');
    expect(t.logs.text).not.toContain('smtp secret #2');
  });

  it('seeds from a properties file with smtp and starttls.enable as STARTTLS when offered', async () => {
    const t = await start({ kind: 'FILE', managed: false, path: path.join(FIXTURES, 'portal-ext.pop3-starttls.properties') });
    const session = await readSession(t);
    expect(session.outgoing).toEqual({ host: 'smtp.example.net', port: 587, security: 'STARTTLS_OPTIONAL', user: 'mailer', passwordSet: true });
    expect(session.incoming).toMatchObject({ protocol: 'POP3', host: '10.0.0.25', port: 110, security: 'NONE', user: null, passwordSet: false });
  });

  it("seeds the documentation's own example values, and logs the warnings they draw", async () => {
    const t = await start({ kind: 'FILE', managed: false, path: path.join(FIXTURES, 'documentation-example.properties') });
    const session = await readSession(t);
    expect(session.incoming).toMatchObject({ host: 'pop.gmail.com', port: 465, security: 'TLS' });
    expect(session.outgoing).toMatchObject({ host: 'smtp.gmail.com', port: 110, security: 'TLS' });
    const warnings = t.logs.lines
      .filter((line) => line.includes('"warning"'))
      .map((line) => JSON.parse(line) as { warning: { code: string; field: string[] } });
    expect(warnings.map((w) => `${w.warning.field.join('.')} ${w.warning.code}`)).toEqual([
      'outgoing.port PORT_PROTOCOL_MISMATCH',
      'outgoing.security IMPLICIT_TLS_ON_PLAIN_PORT',
      'incoming.port PORT_PROTOCOL_MISMATCH',
    ]);
  });

  it('does not apply the source once the database has settings: the database is the source of truth', async () => {
    const first = await start({ kind: 'FILE', managed: false, path: path.join(FIXTURES, 'portal-ext.pop3-starttls.properties') });
    await first.close();
    const t = await start(sourceFromEnvironment(ENVIRONMENT));
    expect(await readSession(t)).toMatchObject({ version: 1, updatedBy: 'file', outgoing: { host: 'smtp.example.net' } });
    expect((await storedState(rig.db)).revisions).toBe(1);
  });

  it('seeds once when several replicas start together', async () => {
    const source = sourceFromEnvironment(ENVIRONMENT);
    const started = await Promise.all([start(source), start(source), start(source)]);
    expect((await storedState(rig.db)).revisions).toBe(1);
    for (const t of started) expect((await readSession(t)).version).toBe(1);
  });
});

describe('a bad source stops start-up with a message naming the source and the key, and writes nothing', () => {
  const rig = useSourceApps({ per: 'file' });

  async function refused(source: Parameters<typeof startTestApp>[0]['mailSessionSource']): Promise<string> {
    const error = await startTestApp({ databaseUrl: rig.db.url, mailSessionSource: source }).then(
      async (t) => {
        await t.close();
        throw new Error('the app started');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ConfigError');
    expect(await storedState(rig.db)).toMatchObject({ row: { version: 0 }, revisions: 0 });
    return (error as Error).message;
  }

  it.each([
    ['a malformed file', 'mail.session.mail.smtp.host=smtp.example.com\nmail.session.mail.smtp.user=a\\u00zz\n', /line 2: .*malformed \\uxxxx/],
    [
      'an unknown protocol',
      'mail.session.mail.smtp.host=smtp.example.com\nmail.session.mail.store.protocol=nntp\n',
      /line 2: mail\.session\.mail\.store\.protocol: expected pop3, pop3s, imap or imaps, got "nntp"/,
    ],
    ['a port out of range', 'mail.session.mail.smtp.port=65536\n', /line 1: mail\.session\.mail\.smtp\.port: expected a port from 1 to 65535/],
    [
      'a host that is not one',
      'mail.session.mail.smtp.host=smtp example com\nmail.session.mail.smtp.port=25\n',
      /mail\.session\.mail\.smtp\.host: must be a host name/,
    ],
    [
      'a refused JavaMail property',
      'mail.session.mail.advanced.properties=mail.smtp.port=25\n',
      /mail\.session\.mail\.advanced\.properties: mail\.smtp\.port cannot be set as a property/,
    ],
    ['a sender that is not an address', 'admin.email.from.address=not an address\n', /admin\.email\.from\.address: must be an e-mail address/],
  ])('refuses %s', async (_what, text, message) => {
    const file = await propertiesFile(text);
    const reason = await refused({ kind: 'FILE', managed: false, path: file });
    expect(reason).toMatch(/^MAIL_SESSION_PROPERTIES_FILE: /);
    expect(reason).toContain(file);
    expect(reason).toMatch(message);
  });

  it('refuses a file that cannot be read, or is not UTF-8', async () => {
    expect(await refused({ kind: 'FILE', managed: false, path: '/nonexistent/portal-ext.properties' })).toMatch(/cannot be read \(ENOENT\)/);
    expect(await refused({ kind: 'FILE', managed: false, path: await propertiesFile(Buffer.from([0x61, 0x3d, 0xff, 0xfe])) })).toMatch(/not valid UTF-8/);
  });

  it.each([
    [{ MAIL_OUTGOING_PORT: '70000' }, /^MAIL_OUTGOING_PORT: expected a port from 1 to 65535, got "70000"/],
    [{ MAIL_INCOMING_PROTOCOL: 'nntp' }, /^MAIL_INCOMING_PROTOCOL: expected POP3, IMAP/],
    [{ MAIL_OUTGOING_SECURITY: 'ssl' }, /^MAIL_OUTGOING_SECURITY: expected NONE, STARTTLS_OPTIONAL, STARTTLS, TLS/],
    [{ MAIL_OUTGOING_HOST: 'bad host' }, /^MAIL_OUTGOING_HOST: must be a host name/],
    [{ MAIL_ADDITIONAL_PROPERTIES: 'mail.smtp.timeout=0' }, /^MAIL_ADDITIONAL_PROPERTIES: mail\.smtp\.timeout/],
    [{ MAIL_OUTGOING_PASSWORD: 'line\u0000break' }, /^MAIL_OUTGOING_PASSWORD: must not contain line breaks/],
  ])('refuses the environment %j', async (variables, message) => {
    const reason = await refused(sourceFromEnvironment(variables));
    expect(reason).toMatch(message);
    expect(reason).not.toContain('line\u0000break');
  });
});
