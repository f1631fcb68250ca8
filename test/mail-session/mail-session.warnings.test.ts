import fc from 'fast-check';
import { parseMailProperties, type ParsedMailProperties } from '../../src/javamail/mail-properties';
import type { ConnectionSecurity, MailProperty, MailProtocol, MailSettings } from '../../src/mail-settings/mail-session.model';
import { CONFIG_WARNING_CODES, configWarnings } from '../../src/mail-settings/mail-session.warnings';
import { settings } from './support';

const NO_PROPERTIES: ParsedMailProperties = parseMailProperties([]);

function warningsFor(mail: MailSettings, properties: MailProperty[] = []) {
  return configWarnings(mail, parseMailProperties(properties));
}

function codesAndFields(mail: MailSettings, properties: MailProperty[] = []): string[] {
  return warningsFor(mail, properties).map((w) => `${w.code} ${w.field.join('.')}`);
}

describe('configWarnings', () => {
  it('finds nothing wrong with both servers on their implicit TLS ports', () => {
    expect(configWarnings(settings(), NO_PROPERTIES)).toEqual([]);
  });

  it('finds nothing wrong with both servers on their STARTTLS ports with STARTTLS required', () => {
    const mail = settings({ outgoing: { port: 587, security: 'STARTTLS' }, incoming: { port: 143, security: 'STARTTLS' } });
    expect(configWarnings(mail, NO_PROPERTIES)).toEqual([]);
  });

  it("warns about both servers of the documentation's Gmail example", () => {
    const mail = settings({
      incoming: {
        host: 'pop.gmail.com',
        port: 465,
        security: 'TLS',
        user: 'joe.bloggs',
        passwordSet: true,
        authentication: 'PASSWORD',
        oauth2: null,
        protocol: 'POP3',
        deleteAfterFetch: false,
      },
      outgoing: { host: 'smtp.gmail.com', port: 110, security: 'TLS', user: 'joe.bloggs', passwordSet: true },
    });
    expect(codesAndFields(mail)).toEqual([
      'PORT_PROTOCOL_MISMATCH outgoing.port',
      'IMPLICIT_TLS_ON_PLAIN_PORT outgoing.security',
      'PORT_PROTOCOL_MISMATCH incoming.port',
      'MAILBOX_KEEPS_MESSAGES incoming.deleteAfterFetch',
    ]);
    const [outgoingPort, outgoingSecurity, incomingPort] = warningsFor(mail);
    expect(outgoingPort?.message).toBe(
      'outgoing.port 110 is the usual POP3 port, but the outgoing server speaks SMTP. SMTP normally uses port 587 (STARTTLS) or 465 (TLS).',
    );
    expect(outgoingSecurity?.message).toContain('Set outgoing.port to 465.');
    expect(incomingPort?.message).toContain('incoming.port 465 is the usual SMTP port, but the incoming server speaks POP3');
  });

  it.each([
    ['outgoing', 25],
    ['outgoing', 587],
    ['incoming', 143],
  ] as const)('warns when the %s server uses implicit TLS on plain port %d', (side, port) => {
    const mail = settings({ [side]: { port, security: 'TLS' } });
    expect(codesAndFields(mail)).toEqual([`IMPLICIT_TLS_ON_PLAIN_PORT ${side}.security`]);
    expect(warningsFor(mail)[0]?.message).toMatch(
      new RegExp(`^${side}\\.security is TLS .*Set ${side}\\.security to STARTTLS, or ${side}\\.port to (465|993)\\.$`),
    );
  });

  it('does not warn about implicit TLS on port 2525, which providers run either way', () => {
    expect(codesAndFields(settings({ outgoing: { port: 2525, security: 'TLS' } }))).toEqual([]);
  });

  it.each(['NONE', 'STARTTLS_OPTIONAL'] as const)('warns when security %s is used on an implicit TLS port', (security) => {
    const mail = settings({ outgoing: { port: 465, security, passwordSet: false }, incoming: { port: 993, security, passwordSet: false } });
    expect(codesAndFields(mail)).toEqual(['PLAIN_ON_TLS_PORT outgoing.security', 'PLAIN_ON_TLS_PORT incoming.security']);
    expect(warningsFor(mail)[0]?.message).toContain('Set outgoing.security to TLS, or outgoing.port to 587.');
  });

  it('warns when STARTTLS is required on an implicit TLS port, and not when TLS is used there', () => {
    const pop3 = { protocol: 'POP3' as const, port: 995 };
    expect(codesAndFields(settings({ incoming: { ...pop3, security: 'STARTTLS' } }))).toEqual(['STARTTLS_ON_TLS_PORT incoming.security']);
    expect(codesAndFields(settings({ incoming: { ...pop3, security: 'TLS' } }))).toEqual([]);
  });

  it.each([
    ['an SMTP port on the incoming server', { incoming: { port: 587, security: 'STARTTLS' } }, 'PORT_PROTOCOL_MISMATCH incoming.port'],
    ['port 2525 on the incoming server', { incoming: { port: 2525, security: 'STARTTLS' } }, 'PORT_PROTOCOL_MISMATCH incoming.port'],
    ['an IMAP port on the outgoing server', { outgoing: { port: 993 } }, 'PORT_PROTOCOL_MISMATCH outgoing.port'],
    ['a POP3 port on the outgoing server', { outgoing: { port: 995 } }, 'PORT_PROTOCOL_MISMATCH outgoing.port'],
    ['an IMAP port with POP3', { incoming: { protocol: 'POP3', port: 993 } }, 'PORT_PROTOCOL_MISMATCH incoming.port'],
    ['a POP3 port with IMAP', { incoming: { protocol: 'IMAP', port: 995 } }, 'PORT_PROTOCOL_MISMATCH incoming.port'],
  ] as const)('warns about %s', (_what, changes, expected) => {
    expect(codesAndFields(settings(changes))).toEqual([expected]);
  });

  it('does not warn about a port that belongs to no mail protocol, or about POP3 on its own port', () => {
    expect(codesAndFields(settings({ outgoing: { port: 8465 }, incoming: { port: 10993 } }))).toEqual([]);
    expect(codesAndFields(settings({ incoming: { protocol: 'POP3', port: 995 } }))).toEqual([]);
  });

  it.each(['NONE', 'STARTTLS_OPTIONAL'] as const)('warns that a password can travel in clear text with %s', (security) => {
    const mail = settings({ outgoing: { port: 587, security }, incoming: { port: 143, security } });
    expect(codesAndFields(mail)).toEqual(['PASSWORD_OVER_PLAINTEXT outgoing.security', 'PASSWORD_OVER_PLAINTEXT incoming.security']);
    expect(warningsFor(mail)[0]?.message).toContain('Set outgoing.security to STARTTLS or TLS.');
  });

  it('does not warn about a password in clear text when no password is set, the host is local, or SMTP auth is off', () => {
    const plain = { port: 587, security: 'NONE' as ConnectionSecurity };
    expect(codesAndFields(settings({ outgoing: { ...plain, passwordSet: false } }))).toEqual([]);
    for (const host of ['localhost', '127.0.0.1', '::1', 'mailhog.localhost']) {
      expect(codesAndFields(settings({ outgoing: { ...plain, host } }))).toEqual([]);
    }
    expect(codesAndFields(settings({ outgoing: plain }), [{ key: 'mail.smtp.auth', value: 'false' }])).toEqual([]);
    expect(codesAndFields(settings({ outgoing: plain }), [{ key: 'mail.smtp.auth', value: 'true' }])).toEqual(['PASSWORD_OVER_PLAINTEXT outgoing.security']);
  });

  it.each([
    [[{ key: 'mail.smtp.ssl.checkserveridentity', value: 'false' }], 'mail.smtp.ssl.checkserveridentity is false'],
    [[{ key: 'mail.smtp.ssl.trust', value: '*' }], 'mail.smtp.ssl.trust is *'],
    [[{ key: 'mail.smtp.ssl.trust', value: 'other.example.com SMTP.example.com' }], 'mail.smtp.ssl.trust lists the host'],
  ])('warns when the properties disable certificate checks for the outgoing server: %j', (properties, reason) => {
    const warnings = warningsFor(settings(), properties);
    expect(warnings.map((w) => `${w.code} ${w.field.join('.')}`)).toEqual(['CERTIFICATE_CHECKS_DISABLED additionalProperties']);
    expect(warnings[0]?.message).toContain(reason);
    expect(warnings[0]?.message).toContain('smtp.example.com');
  });

  it("uses the incoming server's protocol to find its certificate properties", () => {
    const trustAll = (protocol: string) => [{ key: `mail.${protocol}.ssl.trust`, value: '*' }];
    expect(codesAndFields(settings(), trustAll('imap'))).toEqual(['CERTIFICATE_CHECKS_DISABLED additionalProperties']);
    expect(codesAndFields(settings(), trustAll('pop3'))).toEqual([]);
    const pop3 = settings({ incoming: { protocol: 'POP3', port: 995 } });
    expect(codesAndFields(pop3, trustAll('pop3'))).toEqual(['CERTIFICATE_CHECKS_DISABLED additionalProperties']);
  });

  it('does not warn about certificate checks for an unlisted host, a server without a host, or a server without TLS', () => {
    expect(codesAndFields(settings(), [{ key: 'mail.smtp.ssl.trust', value: 'other.example.com' }])).toEqual([]);
    expect(codesAndFields(settings({ outgoing: { host: null } }), [{ key: 'mail.smtp.ssl.trust', value: '*' }])).toEqual([]);
    const plainLocal = settings({ outgoing: { host: 'localhost', port: 25, security: 'NONE' } });
    expect(codesAndFields(plainLocal, [{ key: 'mail.smtp.ssl.trust', value: '*' }])).toEqual([]);
  });

  it('warns when the mailbox is to keep messages, and not when they are to be deleted', () => {
    const mail = settings({ incoming: { deleteAfterFetch: false } });
    expect(codesAndFields(mail)).toEqual(['MAILBOX_KEEPS_MESSAGES incoming.deleteAfterFetch']);
    expect(warningsFor(mail)[0]?.message).toContain('imap.example.com');
    expect(codesAndFields(settings({ incoming: { deleteAfterFetch: true } }))).toEqual([]);
  });

  it('looks only at servers whose host is set', () => {
    const unused = { host: null, port: 110, security: 'TLS' as ConnectionSecurity, deleteAfterFetch: false };
    expect(codesAndFields(settings({ incoming: unused, outgoing: { host: '  ', port: 143 } }))).toEqual([]);
  });

  it('returns only known codes, for servers whose host is set, with input paths as fields and messages that name no user', () => {
    const security = fc.constantFrom<ConnectionSecurity>('NONE', 'STARTTLS_OPTIONAL', 'STARTTLS', 'TLS');
    const port = fc.oneof(fc.constantFrom(25, 110, 143, 465, 587, 993, 995, 2525), fc.integer({ min: 1, max: 65535 }));
    const host = fc.option(fc.constantFrom('mail.example.com', 'localhost', '192.0.2.1'), { nil: null });
    fc.assert(
      fc.property(
        host,
        port,
        security,
        fc.boolean(),
        host,
        port,
        security,
        fc.boolean(),
        fc.constantFrom<MailProtocol>('POP3', 'IMAP'),
        fc.boolean(),
        (outHost, outPort, outSecurity, outPassword, inHost, inPort, inSecurity, inPassword, protocol, deleteAfterFetch) => {
          const user = 'Zx9-user-name';
          const mail = settings({
            outgoing: { host: outHost, port: outPort, security: outSecurity, passwordSet: outPassword, user },
            incoming: { host: inHost, port: inPort, security: inSecurity, passwordSet: inPassword, user, protocol, deleteAfterFetch },
          });
          for (const w of configWarnings(mail, parseMailProperties([{ key: 'mail.imap.ssl.trust', value: '*' }]))) {
            expect(CONFIG_WARNING_CODES).toContain(w.code);
            expect(w.field.join('.')).toMatch(/^(outgoing\.(port|security)|incoming\.(port|security|deleteAfterFetch)|additionalProperties)$/);
            expect(w.message).not.toContain(user);
            const side = w.field[0] === 'outgoing' ? outHost : inHost;
            expect(side).not.toBeNull();
          }
        },
      ),
    );
  });
});
