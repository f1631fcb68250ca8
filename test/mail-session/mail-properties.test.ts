import fc from 'fast-check';
import { parseMailProperties, SUPPORTED_MAIL_PROPERTY_KEYS } from '../../src/javamail/mail-properties';
import type { MailProperty } from '../../src/mail-settings/mail-session.model';
import { property, refusal } from './support';

const PROTOCOLS = ['smtp', 'pop3', 'imap'] as const;

function parse(key: string, value: string) {
  return parseMailProperties(property(key, value));
}

describe('parseMailProperties: values and what they set', () => {
  it('sets nothing when there are no properties', () => {
    expect(parseMailProperties([])).toEqual({ smtp: {}, pop3: {}, imap: {}, debug: false });
  });

  it.each(PROTOCOLS)('maps mail.%s.connectiontimeout to connectionTimeout for that protocol only', (protocol) => {
    const parsed = parse(`mail.${protocol}.connectiontimeout`, '15000');
    expect(parsed[protocol]).toEqual({ connectionTimeout: 15000 });
    for (const other of PROTOCOLS.filter((p) => p !== protocol)) expect(parsed[other]).toEqual({});
  });

  it('accepts timeouts of 1 and 600000 milliseconds and trims the value', () => {
    expect(parse('mail.smtp.connectiontimeout', '1').smtp.connectionTimeout).toBe(1);
    expect(parse('mail.smtp.connectiontimeout', '600000').smtp.connectionTimeout).toBe(600000);
    expect(parse('mail.smtp.connectiontimeout', '  30000\t').smtp.connectionTimeout).toBe(30000);
  });

  it.each(['0', '600001', '-5', '1e3', '1.5', '0x10', 'ten', '30 000', '+30'])('refuses the timeout %j', (value) => {
    const error = refusal(property('mail.imap.timeout', value));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toBe('mail.imap.timeout must be a whole number of milliseconds from 1 to 600000');
  });

  it('maps timeout to both the greeting and the socket timeout', () => {
    expect(parse('mail.smtp.timeout', '20000').smtp).toEqual({ greetingTimeout: 20000, socketTimeout: 20000 });
    expect(parse('mail.pop3.timeout', '20000').pop3).toEqual({ greetingTimeout: 20000, socketTimeout: 20000 });
  });

  it('maps writetimeout to the socket timeout only', () => {
    expect(parse('mail.smtp.writetimeout', '5000').smtp).toEqual({ socketTimeout: 5000 });
  });

  it('leaves out every option the properties do not set, rather than setting it to undefined', () => {
    const { smtp, pop3, imap } = parse('mail.smtp.writetimeout', '5000');
    expect(Object.keys(smtp)).toEqual(['socketTimeout']);
    expect(Object.keys(pop3)).toEqual([]);
    expect(Object.keys(imap)).toEqual([]);
  });

  it('uses the smaller of timeout and writetimeout as the socket timeout, whatever their order', () => {
    const timeout = { key: 'mail.smtp.timeout', value: '20000' };
    const write = { key: 'mail.smtp.writetimeout', value: '5000' };
    const expected = { greetingTimeout: 20000, socketTimeout: 5000 };
    expect(parseMailProperties([timeout, write]).smtp).toEqual(expected);
    expect(parseMailProperties([write, timeout]).smtp).toEqual(expected);
    expect(parseMailProperties([{ ...timeout, value: '3000' }, write]).smtp).toEqual({ greetingTimeout: 3000, socketTimeout: 3000 });
  });

  it('reads true and false in any case for flags, and refuses anything else', () => {
    expect(parse('mail.imap.ssl.checkserveridentity', 'false').imap).toEqual({ checkServerIdentity: false });
    expect(parse('mail.imap.ssl.checkserveridentity', 'TRUE').imap).toEqual({ checkServerIdentity: true });
    for (const value of ['yes', '0', 'no', 'truee']) {
      const error = refusal(property('mail.imap.ssl.checkserveridentity', value));
      expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
      expect(error.message).toBe('mail.imap.ssl.checkserveridentity must be true or false');
    }
  });

  it('reads ssl.trust as * or as host names in lower case without repeats', () => {
    expect(parse('mail.smtp.ssl.trust', '*').smtp).toEqual({ trust: '*' });
    expect(parse('mail.smtp.ssl.trust', 'SMTP.Example.com  relay.example.com\tsmtp.example.com').smtp).toEqual({
      trust: ['smtp.example.com', 'relay.example.com'],
    });
    expect(parse('mail.pop3.ssl.trust', '192.0.2.7').pop3).toEqual({ trust: ['192.0.2.7'] });
  });

  it('refuses an ssl.trust list with a bad host name or with * among names, without repeating the value', () => {
    const bad = refusal(property('mail.smtp.ssl.trust', 'smtp.example.com bad_host.example.com'));
    expect(bad.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(bad.message).toContain('item 2 is not a host name');
    expect(bad.message).not.toContain('bad_host');
    expect(refusal(property('mail.smtp.ssl.trust', '* smtp.example.com')).message).toContain('* alone');
  });

  it('reads ssl.protocols as the lowest and highest TLS version listed', () => {
    expect(parse('mail.smtp.ssl.protocols', 'TLSv1.3 TLSv1.2').smtp).toEqual({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    expect(parse('mail.imap.ssl.protocols', 'TLSv1.3').imap).toEqual({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    expect(parse('mail.pop3.ssl.protocols', 'TLSv1 TLSv1.1 TLSv1.2').pop3).toEqual({ minVersion: 'TLSv1', maxVersion: 'TLSv1.2' });
  });

  it.each([
    ['a version Node does not know', 'SSLv3 TLSv1.2', 'must list TLS versions from'],
    ['a version in the wrong case', 'tlsv1.2', 'must list TLS versions from'],
    ['a gap, which Node cannot express', 'TLSv1.1 TLSv1.3', 'without a gap'],
  ])('refuses ssl.protocols with %s', (_what, value, message) => {
    const error = refusal(property('mail.smtp.ssl.protocols', value));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toContain(message);
  });

  it('maps mail.smtp.localhost to the EHLO name, writing an IP address as an address literal', () => {
    expect(parse('mail.smtp.localhost', 'app1.example.com').smtp).toEqual({ name: 'app1.example.com' });
    expect(parse('mail.smtp.localhost', '192.0.2.1').smtp).toEqual({ name: '[192.0.2.1]' });
    expect(parse('mail.smtp.localhost', '2001:db8::1').smtp).toEqual({ name: '[IPv6:2001:db8::1]' });
    expect(parse('mail.smtp.localhost', '[192.0.2.1]').smtp).toEqual({ name: '[192.0.2.1]' });
  });

  it.each(['app_1.example.com', '-app', '[999.0.0.1]', 'app.example.com.'])('refuses the EHLO name %j', (value) => {
    const error = refusal(property('mail.smtp.localhost', value));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toBe('mail.smtp.localhost must be a host name or an IP address');
  });

  it.each(['bounces@example.com', 'first.last+tag@mail.example.com', 'root@localhost', 'ops@[192.0.2.1]'])(
    'maps mail.smtp.from %j to the envelope sender',
    (value) => {
      expect(parse('mail.smtp.from', value).smtp).toEqual({ envelopeFrom: value });
    },
  );

  it.each([
    'joe',
    'joe@',
    '@example.com',
    '<joe@example.com>',
    'Joe <joe@example.com>',
    'joe@192.0.2.1',
    'jo..e@example.com',
    '"joe"@example.com',
    'joe@exa_mple.com',
    `${'a'.repeat(65)}@example.com`,
  ])('refuses the envelope sender %j', (value) => {
    const error = refusal(property('mail.smtp.from', value));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toBe('mail.smtp.from must be an e-mail address such as bounces@example.com');
  });

  it('maps mail.smtp.auth to whether to authenticate', () => {
    expect(parse('mail.smtp.auth', 'false').smtp).toEqual({ auth: false });
    expect(parse('mail.smtp.auth', 'true').smtp).toEqual({ auth: true });
  });

  it('uses the first of mail.smtp.auth.mechanisms as the auth method, in any case', () => {
    expect(parse('mail.smtp.auth.mechanisms', 'cram-md5 PLAIN').smtp).toEqual({ authMethod: 'CRAM-MD5' });
    expect(parse('mail.smtp.auth.mechanisms', 'login').smtp).toEqual({ authMethod: 'LOGIN' });
  });

  it.each(['XOAUTH2', 'xoauth2', 'PLAIN XOAUTH2'])('refuses %s in mail.smtp.auth.mechanisms: XOAUTH2 is not a password mechanism', (value) => {
    const error = refusal(property('mail.smtp.auth.mechanisms', value));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toBe(
      "mail.smtp.auth.mechanisms lists XOAUTH2, which is not a password mechanism: for OAuth 2.0 set the server's authentication to OAUTH2 (it always signs in with XOAUTH2): list PLAIN, LOGIN, CRAM-MD5",
    );
  });

  it('refuses a mechanism nodemailer cannot run and names the supported ones', () => {
    const error = refusal(property('mail.smtp.auth.mechanisms', 'DIGEST-MD5 PLAIN'));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toBe('mail.smtp.auth.mechanisms must list mechanisms from PLAIN, LOGIN, CRAM-MD5, separated by spaces');
  });

  it('skips disabled mechanisms when choosing the auth method', () => {
    const parsed = parseMailProperties([
      { key: 'mail.smtp.auth.mechanisms', value: 'LOGIN PLAIN CRAM-MD5' },
      { key: 'mail.smtp.auth.login.disable', value: 'true' },
      { key: 'mail.smtp.auth.plain.disable', value: 'true' },
    ]);
    expect(parsed.smtp).toEqual({ authMethod: 'CRAM-MD5' });
  });

  it('chooses from LOGIN, PLAIN, CRAM-MD5 when only a disable flag is set, and nothing when the flag is false', () => {
    expect(parse('mail.smtp.auth.login.disable', 'true').smtp).toEqual({ authMethod: 'PLAIN' });
    expect(parse('mail.smtp.auth.plain.disable', 'true').smtp).toEqual({ authMethod: 'LOGIN' });
    expect(parse('mail.smtp.auth.plain.disable', 'false').smtp).toEqual({});
  });

  it('refuses mechanisms that are all disabled, pointing at the mechanisms', () => {
    const error = refusal([
      { key: 'mail.smtp.auth.plain.disable', value: 'true' },
      { key: 'mail.smtp.auth.mechanisms', value: 'PLAIN LOGIN' },
      { key: 'mail.smtp.auth.login.disable', value: 'true' },
    ]);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toEqual(['additionalProperties', 1, 'value']);
    expect(error.message).toContain('Every mechanism in mail.smtp.auth.mechanisms is disabled');
  });

  it('maps mail.debug to debug', () => {
    expect(parse('mail.debug', 'true').debug).toBe(true);
    expect(parse('mail.debug', 'false').debug).toBe(false);
  });

  it('refuses an empty value', () => {
    const error = refusal([
      { key: 'mail.debug', value: 'true' },
      { key: 'mail.smtp.timeout', value: '  ' },
    ]);
    expect(error.extensions.field).toEqual(['additionalProperties', 1, 'value']);
    expect(error.message).toBe('mail.smtp.timeout has no value');
  });

  it('accepts a value of 1000 characters and refuses one of 1001', () => {
    expect(parse('mail.smtp.timeout', `${' '.repeat(995)}30000`).smtp.socketTimeout).toBe(30000);
    const error = refusal(property('mail.smtp.timeout', `${' '.repeat(996)}30000`));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toContain('longer than 1000 characters');
  });

  it('refuses any value containing CR or LF, at its position, for every key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_MAIL_PROPERTY_KEYS),
        fc.string({ maxLength: 40 }),
        fc.constantFrom('\r', '\n', '\r\n'),
        fc.string({ maxLength: 40 }),
        fc.nat({ max: 3 }),
        (key, before, lineBreak, after, position) => {
          const others: MailProperty[] = SUPPORTED_MAIL_PROPERTY_KEYS.filter((k) => k.endsWith('connectiontimeout') && k !== key)
            .slice(0, position)
            .map((k) => ({ key: k, value: '1000' }));
          const error = refusal([...others, { key, value: `${before}${lineBreak}${after}` }]);
          expect(error.extensions.code).toBe('BAD_USER_INPUT');
          expect(error.extensions.field).toEqual(['additionalProperties', others.length, 'value']);
          expect(error.message).toContain(key);
        },
      ),
    );
  });

  it('never repeats a refused value in the message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_MAIL_PROPERTY_KEYS), fc.string({ minLength: 1, maxLength: 30 }), (key, tail) => {
        const value = `Hunter2-${tail}`;
        let message: string | undefined;
        try {
          parse(key, value);
        } catch (error) {
          message = error instanceof Error ? error.message : String(error);
        }
        fc.pre(message !== undefined);
        expect(message).not.toContain('Hunter2');
      }),
    );
  });
});
