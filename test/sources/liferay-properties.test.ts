import fc from 'fast-check';
import { exportLiferayProperties, parseLiferayProperties } from '../../src/liferay/liferay-properties';
import { completeSourceSettings } from '../../src/settings-source/source-settings';
import type { StoredMailSession } from '../../src/mail-settings/mail-session.row';
import { EMPTY_OAUTH2_COLUMNS } from '../../src/mail-settings/mail-session.oauth2-columns';
import { fixtureText, problemOf } from './sources.support';

describe("reading Liferay's mail properties", () => {
  it('reads a whole portal-ext.properties with pop3s and smtps as implicit TLS, with escapes, separators and continuation lines', () => {
    const { settings, ignoredKeys } = parseLiferayProperties(fixtureText('portal-ext.pop3s-smtps.properties'));
    expect(settings.incoming).toEqual({
      protocol: 'POP3',
      security: 'TLS',
      host: 'pop.example.com',
      port: 995,
      user: 'portal@example.com',
      password: 'päss=word\\1',
    });
    expect(settings.outgoing).toEqual({ security: 'TLS', host: 'smtp.example.com', port: 465, user: 'portal@example.com', password: 'smtp secret #2' });
    expect(settings.additionalProperties).toEqual([
      { key: 'mail.smtp.auth', value: 'true' },
      { key: 'mail.smtp.connectiontimeout', value: '10000' },
      { key: 'mail.smtp.timeout', value: '20000' },
      { key: 'mail.pop3.connectiontimeout', value: '5000' },
    ]);
    expect(settings.defaultSender).toEqual({ name: 'Example Portal', address: 'noreply@example.com' });
    expect(ignoredKeys).toEqual(['jdbc.default.driverClassName', 'jdbc.default.url', 'jdbc.default.username', 'company.default.web.id']);
  });

  it('reads smtp with starttls.enable=true as STARTTLS when offered, and empty values as none', () => {
    const { settings } = parseLiferayProperties(fixtureText('portal-ext.pop3-starttls.properties'));
    expect(settings.incoming).toEqual({ protocol: 'POP3', security: 'NONE', host: '10.0.0.25', port: 110, user: null, password: null });
    expect(settings.outgoing).toMatchObject({ security: 'STARTTLS_OPTIONAL', port: 587 });
  });

  it.each([
    ['imap', 'IMAP', 'NONE'],
    ['imaps', 'IMAP', 'TLS'],
    ['pop3', 'POP3', 'NONE'],
    ['pop3s', 'POP3', 'TLS'],
  ])('maps store.protocol %s to %s with %s', (value, protocol, security) => {
    expect(parseLiferayProperties(`mail.session.mail.store.protocol=${value}`).settings.incoming).toEqual({ protocol, security });
  });

  it.each([
    ['mail.session.mail.transport.protocol=smtps\nmail.session.mail.smtp.starttls.enable=true', 'TLS'],
    ['mail.session.mail.transport.protocol=smtp', 'NONE'],
    ['mail.session.mail.smtp.starttls.enable=false', 'NONE'],
    ['mail.session.mail.advanced.properties=mail.smtp.starttls.enable=true\\nmail.smtp.starttls.required=true', 'STARTTLS'],
    ['mail.session.mail.advanced.properties=mail.smtp.ssl.enable=true', 'TLS'],
  ])('reads the outgoing security of %j as %s', (text, security) => {
    expect(parseLiferayProperties(text).settings.outgoing.security).toBe(security);
  });

  it('takes the last value of a repeated key, as Java does', () => {
    expect(parseLiferayProperties('mail.session.mail.smtp.port=25\nmail.session.mail.smtp.port=2525').settings.outgoing.port).toBe(2525);
  });

  it('refuses a malformed \\u escape with its line, as Java does', () => {
    const problem = problemOf('# comment\nmail.session.mail.smtp.host=smtp.example.com\nmail.session.mail.smtp.user=ab\\u12\n');
    expect(problem.line).toBe(3);
    expect(problem.key).toBe('(file)');
    expect(problem.message).toMatch(/malformed \\uxxxx/);
  });

  it('lists the keys it reads when it refuses an unknown mail key', () => {
    expect(problemOf('mail.session.mail.smtp.hots=smtp.example.com').problem).toBe(
      'not a mail setting this service reads; the keys it reads are mail.session.mail, ' +
        'mail.session.mail.pop3.host, mail.session.mail.pop3.port, mail.session.mail.pop3.user, mail.session.mail.pop3.password, ' +
        'mail.session.mail.smtp.host, mail.session.mail.smtp.port, mail.session.mail.smtp.user, mail.session.mail.smtp.password, ' +
        'mail.session.mail.smtp.auth, mail.session.mail.smtp.starttls.enable, mail.session.mail.store.protocol, ' +
        'mail.session.mail.transport.protocol, mail.session.mail.advanced.properties, admin.email.from.name, admin.email.from.address, ' +
        'mail.session.mail.imap.host, and mail.session.mail.<smtp, pop3 or imap>.<ssl.enable, starttls.enable, starttls.required, ' +
        'socketFactory.class, socketFactory.port or socketFactory.fallback>',
    );
  });

  it('drops white space around a key, even when escaped, as it does around a value', () => {
    const { settings } = parseLiferayProperties('mail.session.mail.smtp.host\\ =smtp.example.com\n\\ mail.session.mail.smtp.port=2525');
    expect(settings.outgoing).toEqual({ host: 'smtp.example.com', port: 2525 });
  });

  it('reads only exact JavaMail security keys in the advanced properties as security: others stay properties', () => {
    const { settings } = parseLiferayProperties(
      'mail.session.mail.advanced.properties=mail.session.mail.smtp.starttls.enable=true\\nmail.smtp.starttls.enabled=true\\nmail.imap.ssl.enable.x=true',
    );
    expect(settings.additionalProperties).toEqual([
      { key: 'mail.session.mail.smtp.starttls.enable', value: 'true' },
      { key: 'mail.smtp.starttls.enabled', value: 'true' },
      { key: 'mail.imap.ssl.enable.x', value: 'true' },
    ]);
    expect(settings.outgoing).toEqual({});
    expect(settings.incoming).toEqual({});
  });

  it('refuses a security flag in the advanced properties that is not true or false, naming the flag', () => {
    const problem = problemOf('# x\nmail.session.mail.advanced.properties=mail.smtp.ssl.enable=yes');
    expect(problem.key).toBe('mail.session.mail.advanced.properties (mail.smtp.ssl.enable)');
    expect(problem.line).toBe(2);
    expect(problem.problem).toMatch(/true or false/);
  });

  it.each([
    ['mail.session.mail.store.protocol=nntp', 'mail.session.mail.store.protocol', /pop3, pop3s, imap or imaps.*"nntp"/],
    ['mail.session.mail.transport.protocol=lmtp', 'mail.session.mail.transport.protocol', /smtp or smtps/],
    ['mail.session.mail.smtp.port=70000', 'mail.session.mail.smtp.port', /1 to 65535.*70000/],
    ['mail.session.mail.pop3.port=-1', 'mail.session.mail.pop3.port', /1 to 65535/],
    ['mail.session.mail.smtp.starttls.enable=yes', 'mail.session.mail.smtp.starttls.enable', /true or false/],
    ['mail.session.mail.smpt.host=smtp.example.com', 'mail.session.mail.smpt.host', /not a mail setting this service reads/],
    ['mail.session.jndi.name=mail/MailSession', 'mail.session.jndi.name', /not a mail setting/],
  ])('refuses %j naming the key', (text, key, message) => {
    const problem = problemOf(text);
    expect(problem.key).toBe(key);
    expect(problem.line).toBe(1);
    expect(problem.message).toMatch(message);
  });

  it('refuses smtp.auth given both as a key and in the advanced properties', () => {
    expect(problemOf('mail.session.mail.smtp.auth=true\nmail.session.mail.advanced.properties=mail.smtp.auth=false').key).toBe('mail.session.mail.smtp.auth');
  });

  it('refuses STARTTLS keys of the protocol that is not in use', () => {
    expect(problemOf('mail.session.mail.store.protocol=pop3\nmail.session.mail.advanced.properties=mail.imap.starttls.enable=true').message).toMatch(
      /mail\.imap\.starttls\.enable does not apply/,
    );
  });
});

describe("writing Liferay's mail properties", () => {
  const security = fc.constantFrom('NONE', 'STARTTLS_OPTIONAL', 'STARTTLS', 'TLS' as const);
  const text = fc.option(
    fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && !/[\r\n]/.test(s)),
    { nil: null },
  );
  const row = fc.record({
    incomingProtocol: fc.constantFrom('POP3', 'IMAP' as const),
    incomingHost: text,
    incomingPort: fc.integer({ min: 1, max: 65535 }),
    incomingSecurity: security,
    incomingUser: text,
    outgoingHost: text,
    outgoingPort: fc.integer({ min: 1, max: 65535 }),
    outgoingSecurity: security,
    outgoingUser: text,
    additionalProperties: fc.uniqueArray(
      fc.oneof(
        fc.record({ key: fc.constant('mail.smtp.auth'), value: fc.constantFrom('true', 'false') }),
        fc.record({
          key: fc.constantFrom('mail.smtp.timeout', 'mail.imap.ssl.trust', 'mail.smtp.localhost'),
          value: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && !/[\r\n]/.test(s)),
        }),
      ),
      { selector: (p) => p.key },
    ),
    defaultSenderName: text,
    defaultSenderAddress: text,
  });

  it('reads back every setting it writes, for any settings (passwords and deleteAfterFetch excepted)', () => {
    fc.assert(
      fc.property(row, (values) => {
        const stored = {
          ...values,
          id: 1,
          version: 3,
          incomingPassword: 'v1.k.x.y.z',
          outgoingPassword: null,
          incomingDeleteAfterFetch: true,
          ...EMPTY_OAUTH2_COLUMNS,
          updatedAt: new Date(),
          updatedBy: 'alice',
        } as StoredMailSession;
        const exported = exportLiferayProperties(stored);
        expect(exported).not.toContain('v1.k.x.y.z');
        const read = completeSourceSettings(parseLiferayProperties(exported).settings);
        expect(read.incoming).toEqual({
          protocol: values.incomingProtocol,
          host: values.incomingHost,
          port: values.incomingPort,
          security: values.incomingSecurity,
          user: values.incomingUser,
          deleteAfterFetch: true,
        });
        expect(read.outgoing).toEqual({ host: values.outgoingHost, port: values.outgoingPort, security: values.outgoingSecurity, user: values.outgoingUser });
        const sortByKey = (list: { key: string; value: string }[] | undefined) => [...(list ?? [])].sort((a, b) => a.key.localeCompare(b.key));
        expect(sortByKey(read.additionalProperties)).toEqual(sortByKey(values.additionalProperties));
        expect(read.defaultSender).toEqual({ name: values.defaultSenderName, address: values.defaultSenderAddress });
      }),
    );
  });
});
