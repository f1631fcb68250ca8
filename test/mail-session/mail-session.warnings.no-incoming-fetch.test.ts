import { parseMailProperties } from '../../src/javamail/mail-properties';
import type { ConfigWarning, IncomingSettings, MailProperty, MailSettings } from '../../src/mail-settings/mail-session.model';
import { CONFIG_WARNING_CODES, configWarnings } from '../../src/mail-settings/mail-session.warnings';

/*
 * This service sends mail and tests connections; it fetches no incoming mail (that is a later
 * issue). A warning must describe what the service does, so no warning about the incoming side
 * may speak of messages being fetched, checked for or read by it.
 */

function incomingOnly(incoming: Partial<IncomingSettings>): MailSettings {
  return {
    outgoing: { host: null, port: 587, security: 'STARTTLS', user: null, passwordSet: false, authentication: 'PASSWORD', oauth2: null },
    incoming: {
      host: 'pop.example.com',
      port: 995,
      security: 'TLS',
      user: 'app',
      passwordSet: true,
      authentication: 'PASSWORD',
      oauth2: null,
      protocol: 'POP3',
      deleteAfterFetch: true,
      ...incoming,
    },
    additionalProperties: [],
    defaultSender: { name: null, address: null },
  };
}

function warnings(mail: MailSettings, properties: MailProperty[] = []): ConfigWarning[] {
  return configWarnings(mail, parseMailProperties(properties));
}

// Every incoming-side warning there is, one settings each.
const CASES: [string, MailSettings, MailProperty[]][] = [
  ['a mailbox that keeps messages', incomingOnly({ deleteAfterFetch: false }), []],
  ['certificate checks off', incomingOnly({}), [{ key: 'mail.pop3.ssl.trust', value: '*' }]],
  ['a plain password', incomingOnly({ port: 110, security: 'NONE' }), []],
  ['an optional STARTTLS', incomingOnly({ port: 110, security: 'STARTTLS_OPTIONAL' }), []],
  ['TLS on a STARTTLS port', incomingOnly({ port: 110, security: 'TLS' }), []],
  ['plain on a TLS port', incomingOnly({ port: 995, security: 'NONE', passwordSet: false, authentication: 'PASSWORD', oauth2: null }), []],
  ['STARTTLS on a TLS port', incomingOnly({ port: 995, security: 'STARTTLS' }), []],
  ["another protocol's port", incomingOnly({ port: 993 }), []],
];

describe('warnings about the incoming server describe what this service does', () => {
  it('covers every warning code that the incoming side can give', () => {
    const codes = new Set(CASES.flatMap(([, mail, properties]) => warnings(mail, properties).map((w) => w.code)));
    expect([...codes].sort()).toEqual([...CONFIG_WARNING_CODES].sort());
  });

  it.each(CASES)('with %s, no message says the service fetches, checks for or reads messages', (_why, mail, properties) => {
    const found = warnings(mail, properties);
    expect(found.length).toBeGreaterThan(0);
    for (const { message } of found) {
      expect(message).not.toMatch(/fetched again|on every check|read the password and messages|messages are (?:fetched|read|processed)/i);
    }
  });

  it('says that deleteAfterFetch is stored for the application that reads the mailbox, since this service fetches nothing', () => {
    const [keeps] = warnings(incomingOnly({ deleteAfterFetch: false }));
    expect(keeps?.code).toBe('MAILBOX_KEEPS_MESSAGES');
    expect(keeps?.message).toContain('This service does not fetch incoming mail');
    expect(keeps?.message).toContain('stored for the application that reads the mailbox on pop.example.com');
  });

  it('says that a spoofed incoming server gets the password from the connection test, not messages from this service', () => {
    const [spoofed] = warnings(incomingOnly({}), [{ key: 'mail.pop3.ssl.checkserveridentity', value: 'false' }]);
    expect(spoofed?.code).toBe('CERTIFICATE_CHECKS_DISABLED');
    expect(spoofed?.message).toContain('read the password, which the connection test sends');
    expect(spoofed?.message).not.toContain('messages');
  });
});
