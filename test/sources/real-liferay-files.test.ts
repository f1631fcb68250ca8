import path from 'node:path';
import { onlyError, readSession, storedState } from '../api/mail-session.operations';
import { startTestApp, useTestApp } from '../support/test-app';
import { importProperties } from './import-export.operations';
import { FIXTURES, propertiesFile, useSourceApps } from './sources.support';
import { readFileSync } from 'node:fs';

/*
 * Real Liferay files (test/sources/fixtures, each names its source) through the two ways in:
 * MAIL_SESSION_PROPERTIES_FILE at start-up, and the importMailSessionProperties mutation.
 */

const fixture = (name: string) => path.join(FIXTURES, name);

describe('a real Liferay file as MAIL_SESSION_PROPERTIES_FILE', () => {
  const rig = useSourceApps();
  const start = (file: string) => rig.start({ kind: 'FILE', managed: false, path: file });

  it("starts from Liferay's documented default block, and logs mail.session.mail by name as changing nothing", async () => {
    const t = await start(fixture('liferay-learn.7.2-built-in-mail-session.properties'));
    const session = await readSession(t);
    expect(session).toMatchObject({
      version: 1,
      updatedBy: 'file',
      incoming: { protocol: 'POP3', host: 'localhost', port: 110, security: 'NONE', user: null, passwordSet: false },
      outgoing: { host: 'localhost', port: 25, security: 'NONE', user: null, passwordSet: false },
      additionalProperties: [{ key: 'mail.smtp.auth', value: 'false' }],
    });
    const line = t.logs.lines.find((l) => l.includes('mail.session.mail changes nothing here'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({ key: 'mail.session.mail' });
  });

  it('starts from the Gmail-on-465 file of SimpleProjectInLiferay7 with implicit TLS, not logging its password', async () => {
    const t = await start(fixture('simple-project-in-liferay7.gmail-465.properties'));
    const session = await readSession(t);
    expect(session.outgoing).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'TLS', user: 'YOUR_EMAIL@gmail.com', passwordSet: true });
    expect(session.incoming).toMatchObject({ protocol: 'IMAP', host: 'localhost', security: 'NONE' });
    expect(t.logs.text).toContain('mail.session.mail.imap.host changes nothing here');
    expect(t.logs.text).not.toContain('YOUR PASSWORD');
  });

  it("starts from Elastic Email's Liferay file with STARTTLS required", async () => {
    const t = await start(fixture('elastic-email.liferay-starttls-required.properties'));
    expect((await readSession(t)).outgoing).toEqual({
      host: 'smtp.elasticemail.com',
      port: 2525,
      security: 'STARTTLS',
      user: 'you@yourdomain.com',
      passwordSet: false,
    });
  });

  it("starts from UniTime's Gmail recipe in advanced.properties on socketFactory.port 465 with implicit TLS", async () => {
    const t = await start(fixture('unitime-gmail-recipe.advanced.properties'));
    const session = await readSession(t);
    expect(session.outgoing).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'TLS', user: 'username@gmail.com', passwordSet: true });
    expect(session.additionalProperties).toEqual([{ key: 'mail.smtp.auth', value: 'true' }]);
  });

  it.each([
    [
      'socketFactory.fallback=true',
      'mail.session.mail.smtp.host=smtp.gmail.com\nmail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.smtp.socketFactory.fallback=true\n',
      /line 3: mail\.session\.mail\.smtp\.socketFactory\.fallback: true makes JavaMail connect again without TLS/,
    ],
    [
      'mail.session.mail=true',
      'mail.session.mail=true\nmail.session.mail.smtp.host=smtp.example.com\n',
      /line 1: mail\.session\.mail: true makes Liferay use the mail settings saved on its Control Panel/,
    ],
    [
      "the liferay-docs copy's stray '.'",
      readFileSync(fixture('liferay-docs.7.2-built-in-mail-session.properties'), 'utf8'),
      /line 15: mail\.session\.mail\.transport\.protocol: expected smtp or smtps, got "smtp\."/,
    ],
  ])('stops start-up on %s, naming the key and line, and writes nothing', async (_what, text, message) => {
    const file = await propertiesFile(text);
    const error = await startTestApp({ databaseUrl: rig.db.url, mailSessionSource: { kind: 'FILE', managed: false, path: file } }).then(
      async (t) => {
        await t.close();
        throw new Error('the app started');
      },
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('ConfigError');
    expect((error as Error).message).toMatch(/^MAIL_SESSION_PROPERTIES_FILE: /);
    expect((error as Error).message).toMatch(message);
    expect(await storedState(rig.db)).toMatchObject({ row: { version: 0 }, revisions: 0 });
  });
});

describe('a real Liferay file through importMailSessionProperties', () => {
  const t = useTestApp();

  it('imports the Gmail-on-465 file as TLS, reporting the keys that change nothing as IGNORED_PROPERTY', async () => {
    const result = await importProperties(t, readFileSync(fixture('simple-project-in-liferay7.gmail-465.properties'), 'utf8'));
    expect(result.errors).toBeUndefined();
    const payload = result.data?.importMailSessionProperties;
    expect(payload?.mailSession.outgoing).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'TLS', user: 'YOUR_EMAIL@gmail.com', passwordSet: true });
    expect(payload?.warnings.filter((w) => w.code === 'IGNORED_PROPERTY')).toEqual([
      {
        code: 'IGNORED_PROPERTY',
        field: ['text'],
        message: expect.stringMatching(/^mail\.session\.mail\.imap\.host changes nothing here and was ignored: /) as string,
      },
    ]);
  });

  it("imports Liferay's default block, reporting mail.session.mail=false as changing nothing", async () => {
    const result = await importProperties(t, readFileSync(fixture('liferay-learn.7.2-built-in-mail-session.properties'), 'utf8'));
    expect(result.errors).toBeUndefined();
    expect(result.data?.importMailSessionProperties.warnings).toContainEqual({
      code: 'IGNORED_PROPERTY',
      field: ['text'],
      message:
        "mail.session.mail changes nothing here and was ignored: false makes Liferay use this file's mail.session.mail.* keys, which is what this service reads",
    });
    expect(result.data?.importMailSessionProperties.mailSession.outgoing).toMatchObject({ host: 'localhost', port: 25, security: 'NONE' });
  });

  it.each([
    [
      'socketFactory.fallback=true',
      'mail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.smtp.socketFactory.fallback=true',
      'mail.session.mail.smtp.socketFactory.fallback',
      2,
    ],
    [
      'a socketFactory.port other than the port',
      'mail.session.mail.smtp.port=587\nmail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.smtp.socketFactory.port=465',
      'mail.session.mail.smtp.socketFactory.port',
      3,
    ],
    ['mail.session.mail=true', 'mail.session.mail=true', 'mail.session.mail', 1],
  ])('refuses %s with BAD_USER_INPUT naming the key and line, changing nothing', async (_what, text, key, line) => {
    const before = await storedState(t.db);
    const error = onlyError(await importProperties(t, text));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.key).toBe(key);
    expect(error.extensions.line).toBe(line);
    expect(await storedState(t.db)).toEqual(before);
  });
});
