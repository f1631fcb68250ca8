import { parseLiferayProperties } from '../../src/liferay/liferay-properties';
import { fixtureText, problemOf } from './sources.support';

/*
 * Real Liferay files (each fixture names its source) and the JavaMail keys they hold, read as
 * Liferay and JavaMail read them: Liferay's MailServiceImpl.getSession() uses the file's
 * mail.session.mail.* keys when mail.session.mail is false and the Control Panel's saved settings
 * when it is true; JavaMail's SocketFetcher opens a TLS connection with
 * socketFactory.class=javax.net.ssl.SSLSocketFactory, connects to socketFactory.port, and with
 * socketFactory.fallback=true (its default) retries without TLS when that fails.
 */

describe("Liferay's documented default block", () => {
  it('is read whole: mail.session.mail=false changes nothing here and is reported as such', () => {
    const { settings, keysWithoutEffect } = parseLiferayProperties(fixtureText('liferay-learn.7.2-built-in-mail-session.properties'));
    expect(settings.incoming).toEqual({ host: 'localhost', port: 110, user: null, password: null, protocol: 'POP3', security: 'NONE' });
    expect(settings.outgoing).toEqual({ host: 'localhost', port: 25, user: null, password: null, security: 'NONE' });
    expect(settings.smtpAuth).toBe('false');
    expect(keysWithoutEffect).toEqual([
      { key: 'mail.session.mail', reason: expect.stringContaining("false makes Liferay use this file's mail.session.mail.* keys") as string },
    ]);
  });

  it("refuses the liferay-docs copy's stray '.' after smtp, naming the line, as JavaMail would find no transport smtp.", () => {
    const problem = problemOf(fixtureText('liferay-docs.7.2-built-in-mail-session.properties'));
    expect(problem.key).toBe('mail.session.mail.transport.protocol');
    expect(problem.line).toBe(15);
    expect(problem.problem).toBe('expected smtp or smtps, got "smtp."');
  });

  it('reads the Gmail example of "Advanced Email Configurations" with its swapped ports as written', () => {
    const { settings, keysWithoutEffect } = parseLiferayProperties(fixtureText('liferay-learn.advanced-email-gmail.properties'));
    expect(settings.incoming).toMatchObject({ host: 'pop.gmail.com', port: 465, security: 'NONE', user: 'joe.bloggs' });
    expect(settings.outgoing).toMatchObject({ host: 'smtp.gmail.com', port: 110, security: 'NONE', user: 'joe.bloggs' });
    expect(keysWithoutEffect.map((k) => k.key)).toEqual(['mail.session.mail']);
  });

  it.each(['TRUE', 'true', ' true'])('refuses mail.session.mail=%s: Liferay would then use the settings saved on its Control Panel', (value) => {
    const problem = problemOf(`# x\nmail.session.mail=${value}\nmail.session.mail.smtp.host=smtp.example.com`);
    expect(problem.key).toBe('mail.session.mail');
    expect(problem.line).toBe(2);
    expect(problem.problem).toMatch(
      /^true makes Liferay use the mail settings saved on its Control Panel .* instead of the mail\.session\.mail\.\* keys of this file/,
    );
  });

  it('refuses mail.session.mail that is neither true nor false', () => {
    expect(problemOf('mail.session.mail=no').problem).toBe('expected true or false, got "no"');
  });

  it('says why mail.session.jndi.name cannot be read: the session then comes from the application server', () => {
    expect(problemOf('mail.session.jndi.name=mail/MailSession').problem).toMatch(
      /not a mail setting this service reads; with it Liferay takes its mail session from the application server/,
    );
  });
});

describe("JavaMail's SSL socket factory, the classic Gmail-on-465 recipe", () => {
  it('reads socketFactory.class=javax.net.ssl.SSLSocketFactory as TLS; STARTTLS on top of it changes nothing (JavaMail skips it)', () => {
    const { settings, keysWithoutEffect } = parseLiferayProperties(fixtureText('simple-project-in-liferay7.gmail-465.properties'));
    expect(settings.outgoing).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'TLS', user: 'YOUR_EMAIL@gmail.com', password: 'YOUR PASSWORD' });
    expect(settings.incoming).toEqual({ host: 'localhost', protocol: 'IMAP', security: 'NONE' });
    expect(keysWithoutEffect.map((k) => k.key)).toEqual(['mail.session.mail.imap.host']);
  });

  it('takes socketFactory.port as the port when the port key is left out, as JavaMail connects there', () => {
    const { settings, keysWithoutEffect } = parseLiferayProperties(fixtureText('unitime-gmail-recipe.advanced.properties'));
    expect(settings.outgoing).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'TLS', user: 'username@gmail.com', password: 'XXX' });
    expect(settings.additionalProperties).toEqual([{ key: 'mail.smtp.auth', value: 'true' }]);
    expect(keysWithoutEffect).toEqual([]);
  });

  it.each([
    [
      'the file key',
      'mail.session.mail.smtp.socketFactory.port=465\nmail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.smtp.port=465',
    ],
    [
      'advanced.properties',
      'mail.session.mail.smtp.port=465\nmail.session.mail.advanced.properties=mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\\nmail.smtp.socketFactory.port=465',
    ],
  ])('accepts socketFactory.port equal to the port, in %s', (_where, text) => {
    expect(parseLiferayProperties(text).settings.outgoing).toEqual({ port: 465, security: 'TLS' });
  });

  it('refuses socketFactory.port that differs from the port: JavaMail would connect to it instead', () => {
    const problem = problemOf(
      'mail.session.mail.smtp.port=587\nmail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.smtp.socketFactory.port=465',
    );
    expect(problem.key).toBe('mail.session.mail.smtp.socketFactory.port');
    expect(problem.line).toBe(3);
    expect(problem.problem).toBe(
      'JavaMail connects to this port (465) instead of mail.session.mail.smtp.port (587) when a socket factory is set; give both the same port',
    );
  });

  it('refuses socketFactory.fallback=true, which would send the password in clear text when TLS fails', () => {
    const problem = problemOf(
      'mail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.smtp.socketFactory.fallback=true\nmail.session.mail.smtp.port=465',
    );
    expect(problem.key).toBe('mail.session.mail.smtp.socketFactory.fallback');
    expect(problem.line).toBe(2);
    expect(problem.problem).toMatch(/^true makes JavaMail connect again without TLS when the TLS connection fails, and send the password in clear text/);
  });

  it('refuses socketFactory.fallback=true in advanced.properties too, naming the property', () => {
    const problem = problemOf(
      '# x\nmail.session.mail.advanced.properties=mail.pop3.socketFactory.class=javax.net.ssl.SSLSocketFactory\\nmail.pop3.socketFactory.fallback=TRUE',
    );
    expect(problem.key).toBe('mail.session.mail.advanced.properties (mail.pop3.socketFactory.fallback)');
    expect(problem.line).toBe(2);
  });

  it('reports socketFactory.fallback=false as changing nothing: this service never falls back', () => {
    const parsed = parseLiferayProperties(
      'mail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.smtp.socketFactory.fallback=false\nmail.session.mail.smtp.socketFactory.port=465',
    );
    expect(parsed.settings.outgoing).toEqual({ port: 465, security: 'TLS' });
    expect(parsed.keysWithoutEffect).toEqual([
      { key: 'mail.session.mail.smtp.socketFactory.fallback', reason: 'false is what this service always does: it never falls back to a plain connection' },
    ]);
  });

  it('reports socketFactory.port and .fallback without socketFactory.class as changing nothing, as JavaMail reads them only with it', () => {
    const parsed = parseLiferayProperties(
      'mail.session.mail.smtp.port=587\nmail.session.mail.smtp.socketFactory.port=465\nmail.session.mail.smtp.socketFactory.fallback=true',
    );
    expect(parsed.settings.outgoing).toEqual({ port: 587 });
    expect(parsed.keysWithoutEffect).toEqual([
      { key: 'mail.session.mail.smtp.socketFactory.fallback', reason: 'JavaMail reads it only with socketFactory.class' },
      { key: 'mail.session.mail.smtp.socketFactory.port', reason: 'JavaMail reads it only with socketFactory.class' },
    ]);
  });

  it.each(['com.sun.mail.util.MailSSLSocketFactory', 'javax.net.ssl.SSLSocketFactory2', 'javax.net.SocketFactory'])(
    'refuses socketFactory.class=%s: a Java class this service cannot stand in for',
    (name) => {
      const problem = problemOf(`mail.session.mail.smtp.socketFactory.class=${name}`);
      expect(problem.key).toBe('mail.session.mail.smtp.socketFactory.class');
      expect(problem.problem).toMatch(
        /^javax\.net\.ssl\.SSLSocketFactory \(TLS from the first byte\) is the only socket factory this service can stand in for/,
      );
    },
  );

  it('reads the incoming socket factory for the store protocol in use, and refuses it for the other', () => {
    const pop3 = parseLiferayProperties(
      'mail.session.mail.store.protocol=pop3\nmail.session.mail.pop3.socketFactory.class=javax.net.ssl.SSLSocketFactory\nmail.session.mail.pop3.port=995',
    );
    expect(pop3.settings.incoming).toEqual({ protocol: 'POP3', security: 'TLS', port: 995 });
    const stray = problemOf('mail.session.mail.store.protocol=imap\nmail.session.mail.pop3.socketFactory.class=javax.net.ssl.SSLSocketFactory');
    expect(stray.key).toBe('mail.session.mail.pop3.socketFactory.class');
    expect(stray.problem).toBe('mail.pop3.socketFactory.class does not apply: the store protocol is imap');
  });
});

describe('STARTTLS required', () => {
  it("reads Elastic Email's Liferay file, starttls.enable and starttls.required, as STARTTLS (required)", () => {
    const { settings, keysWithoutEffect } = parseLiferayProperties(fixtureText('elastic-email.liferay-starttls-required.properties'));
    expect(settings.outgoing).toEqual({ host: 'smtp.elasticemail.com', port: 2525, security: 'STARTTLS', user: 'you@yourdomain.com' });
    expect(settings.smtpAuth).toBe('true');
    expect(keysWithoutEffect).toEqual([]);
  });

  it.each([
    ['mail.session.mail.smtp.starttls.required=true', 'STARTTLS'],
    ['mail.session.mail.smtp.starttls.required=false\nmail.session.mail.smtp.starttls.enable=true', 'STARTTLS_OPTIONAL'],
    ['mail.session.mail.smtp.starttls.required=true\nmail.session.mail.transport.protocol=smtps', 'TLS'],
    ['mail.session.mail.smtp.starttls.required=false', 'NONE'],
  ])('reads %j as %s, as JavaMail does', (text, security) => {
    expect(parseLiferayProperties(text).settings.outgoing.security).toBe(security);
  });

  it('reads the incoming starttls keys among the file keys too', () => {
    expect(parseLiferayProperties('mail.session.mail.pop3.starttls.enable=true\nmail.session.mail.pop3.starttls.required=true').settings.incoming).toEqual({
      protocol: 'POP3',
      security: 'STARTTLS',
    });
  });

  it('lets advanced.properties override a file key, as Liferay applies them last', () => {
    const text = 'mail.session.mail.smtp.starttls.required=true\nmail.session.mail.advanced.properties=mail.smtp.starttls.required=false';
    expect(parseLiferayProperties(text).settings.outgoing.security).toBe('NONE');
  });

  it('refuses a starttls.required that is not true or false, naming the key', () => {
    const problem = problemOf('mail.session.mail.smtp.starttls.required=yes');
    expect(problem.key).toBe('mail.session.mail.smtp.starttls.required');
    expect(problem.problem).toBe('expected true or false, got "yes"');
  });
});

describe('mail.session.mail.imap.host', () => {
  it.each([
    ['the same host as pop3.host, in other case', 'mail.session.mail.pop3.host=Mail.example.com\nmail.session.mail.imap.host=MAIL.Example.com'],
    ['empty', 'mail.session.mail.imap.host='],
  ])('is reported as changing nothing when %s', (_when, text) => {
    expect(parseLiferayProperties(text).keysWithoutEffect).toEqual([
      {
        key: 'mail.session.mail.imap.host',
        reason: 'this service reads the incoming server from mail.session.mail.pop3.host, as Liferay does, and this key names the same host or none',
      },
    ]);
  });

  it.each([
    ['another host than pop3.host', 'mail.session.mail.pop3.host=pop.example.com\nmail.session.mail.imap.host=imap.example.com', 'pop.example.com'],
    ['a host while pop3.host names none', 'mail.session.mail.imap.host=imap.example.com', 'none'],
  ])('is refused when it names %s: the IMAP store would connect there', (_when, text, pop3) => {
    const problem = problemOf(text);
    expect(problem.key).toBe('mail.session.mail.imap.host');
    expect(problem.problem).toContain(`JavaMail's IMAP store would connect to this host (imap.example.com) instead of ${pop3}`);
  });
});

describe('keys of the protocol that is not the store protocol', () => {
  it("names the file's own key before one in advanced.properties, as Liferay reads the file keys first", () => {
    const problem = problemOf(
      '# x\nmail.session.mail.store.protocol=pop3\nmail.session.mail.advanced.properties=mail.imap.ssl.enable=true\nmail.session.mail.imap.starttls.enable=true',
    );
    expect(problem.key).toBe('mail.session.mail.imap.starttls.enable');
    expect(problem.line).toBe(4);
    expect(problem.problem).toBe('mail.imap.starttls.enable does not apply: the store protocol is pop3');
  });
});

describe('values of the security keys', () => {
  it('are trimmed as every other value: trailing white space after true or a class name changes nothing', () => {
    const text = [
      'mail.session.mail.smtp.host=smtp.example.com',
      'mail.session.mail.smtp.port=465',
      'mail.session.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory   ',
      'mail.session.mail.pop3.host=pop.example.com',
      'mail.session.mail.pop3.starttls.required=true \t',
    ].join('\n');
    const { settings } = parseLiferayProperties(text);
    expect(settings.outgoing?.security).toBe('TLS');
    expect(settings.incoming?.security).toBe('STARTTLS');
  });
});
