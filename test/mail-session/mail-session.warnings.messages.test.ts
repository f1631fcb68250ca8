import { parseMailProperties } from '../../src/javamail/mail-properties';
import type { MailProperty, MailSettings } from '../../src/mail-settings/mail-session.model';
import { settings } from './support';
import { configWarnings } from '../../src/mail-settings/mail-session.warnings';

/*
 * The sentences an administrator reads on the Mail page: each names the field, the port or host,
 * why the setting is risky, and the fix.
 */

function messages(mail: MailSettings, properties: MailProperty[] = []): string[] {
  return configWarnings(mail, parseMailProperties(properties)).map((w) => `${w.code}: ${w.message}`);
}

describe('the messages of the configuration warnings', () => {
  it("names the protocol of the port, not the server's, when implicit TLS is used on another protocol's plain port", () => {
    expect(messages(settings({ outgoing: { port: 110 } }))[1]).toBe(
      'IMPLICIT_TLS_ON_PLAIN_PORT: outgoing.security is TLS (TLS from the first byte), but port 110 is a POP3 port for plain connections ' +
        'upgraded with STARTTLS, so the connection will most likely fail. Set outgoing.port to 465.',
    );
  });

  it('explains STARTTLS on an implicit TLS port', () => {
    expect(messages(settings({ incoming: { protocol: 'POP3', port: 995, security: 'STARTTLS' } }))).toEqual([
      'STARTTLS_ON_TLS_PORT: incoming.security is STARTTLS, but port 995 is the POP3 port for implicit TLS: the server expects a TLS handshake first, ' +
        'not a STARTTLS command. Set incoming.security to TLS, or incoming.port to 110.',
    ]);
  });

  it('explains a plain connection on an implicit TLS port', () => {
    expect(messages(settings({ outgoing: { security: 'NONE', passwordSet: false } }))).toEqual([
      'PLAIN_ON_TLS_PORT: outgoing.security is NONE, but port 465 is the SMTP port for implicit TLS: the server expects a TLS handshake first, ' +
        'so a plain connection will most likely hang. Set outgoing.security to TLS, or outgoing.port to 587.',
    ]);
  });

  it('explains how the password can travel unencrypted with NONE and with STARTTLS_OPTIONAL', () => {
    expect(messages(settings({ outgoing: { port: 587, security: 'NONE' } }))).toEqual([
      'PASSWORD_OVER_PLAINTEXT: outgoing.security is NONE, so the outgoing password is sent to smtp.example.com unencrypted and can be read on the network. ' +
        'Set outgoing.security to STARTTLS or TLS.',
    ]);
    expect(messages(settings({ incoming: { port: 143, security: 'STARTTLS_OPTIONAL' } }))).toEqual([
      "PASSWORD_OVER_PLAINTEXT: incoming.security is STARTTLS_OPTIONAL: anyone on the network path to imap.example.com can hide the server's STARTTLS offer, " +
        'and the incoming password is then sent unencrypted. Set incoming.security to STARTTLS or TLS.',
    ]);
  });

  it('still warns about the incoming password when mail.smtp.auth=false keeps the outgoing one from being sent', () => {
    const mail = settings({ outgoing: { port: 587, security: 'NONE' }, incoming: { port: 143, security: 'NONE' } });
    expect(messages(mail, [{ key: 'mail.smtp.auth', value: 'false' }])).toEqual([
      'PASSWORD_OVER_PLAINTEXT: incoming.security is NONE, so the incoming password is sent to imap.example.com unencrypted and can be read on the network. ' +
        'Set incoming.security to STARTTLS or TLS.',
    ]);
  });

  it('gives each property that switches certificate checks off, joined by "and"', () => {
    const consequence = (reads: string) =>
      `is not fully checked and anyone on the network path can impersonate it and read ${reads}. Remove the property unless this is a test server.`;
    const outgoing = consequence('the password and the messages sent through it');
    const incoming = consequence('the password, which the connection test sends (as does the application that reads the mailbox with these settings)');
    expect(
      messages(settings(), [
        { key: 'mail.smtp.ssl.checkserveridentity', value: 'false' },
        { key: 'mail.smtp.ssl.trust', value: '*' },
      ]),
    ).toEqual([
      `CERTIFICATE_CHECKS_DISABLED: mail.smtp.ssl.checkserveridentity is false and mail.smtp.ssl.trust is *, so the certificate of the outgoing server smtp.example.com ${outgoing}`,
    ]);
    expect(messages(settings(), [{ key: 'mail.smtp.ssl.checkserveridentity', value: 'false' }])).toEqual([
      `CERTIFICATE_CHECKS_DISABLED: mail.smtp.ssl.checkserveridentity is false, so the certificate of the outgoing server smtp.example.com ${outgoing}`,
    ]);
    expect(messages(settings(), [{ key: 'mail.imap.ssl.trust', value: 'IMAP.example.com' }])).toEqual([
      `CERTIFICATE_CHECKS_DISABLED: mail.imap.ssl.trust lists the host, so the certificate of the incoming server imap.example.com ${incoming}`,
    ]);
  });

  it('explains that the setting is stored for the application that reads the mailbox, which this service does not do', () => {
    expect(messages(settings({ incoming: { deleteAfterFetch: false } }))).toEqual([
      'MAILBOX_KEEPS_MESSAGES: incoming.deleteAfterFetch is false. This service does not fetch incoming mail: the setting is stored for the application ' +
        'that reads the mailbox on imap.example.com, and tells it to leave messages on the server, where it may find and process ' +
        'them again at its next check. Set incoming.deleteAfterFetch to true unless that application keeps track of what it has read.',
    ]);
  });
});
