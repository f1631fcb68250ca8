import { exportLiferayProperties, parseLiferayProperties } from '../../src/liferay/liferay-properties';
import type { StoredMailSession } from '../../src/mail-settings/mail-session.row';
import { EMPTY_OAUTH2_COLUMNS } from '../../src/mail-settings/mail-session.oauth2-columns';

/*
 * The exported portal-ext.properties is read by people and by Liferay, not only by this service:
 * these tests pin the text a Liferay administrator gets, line by line.
 */

function row(changes: Partial<StoredMailSession> = {}): StoredMailSession {
  return {
    id: 1,
    version: 7,
    incomingProtocol: 'IMAP',
    incomingHost: 'imap.example.com',
    incomingPort: 143,
    incomingSecurity: 'STARTTLS',
    incomingUser: 'portal',
    incomingPassword: 'v1.k.x.y.z',
    incomingDeleteAfterFetch: true,
    outgoingHost: 'smtp.example.com',
    outgoingPort: 587,
    outgoingSecurity: 'STARTTLS',
    outgoingUser: 'portal',
    outgoingPassword: 'v1.k.a.b.c',
    additionalProperties: [
      { key: 'mail.smtp.auth', value: 'true' },
      { key: 'mail.smtp.timeout', value: '20000' },
    ],
    defaultSenderName: 'Portal',
    defaultSenderAddress: 'noreply@example.com',
    ...EMPTY_OAUTH2_COLUMNS,
    updatedAt: new Date('2026-12-01T00:00:00Z'),
    updatedBy: 'alice',
    ...changes,
  };
}

describe('the exported portal-ext.properties text', () => {
  it('writes STARTTLS servers with both starttls.enable and starttls.required, as Liferay needs both, and smtp.auth as its own key', () => {
    expect(exportLiferayProperties(row())).toBe(
      [
        '# Mail settings, version 7. Passwords are not exported: add mail.session.mail.pop3.password and mail.session.mail.smtp.password where needed.',
        'mail.session.mail.store.protocol=imap',
        'mail.session.mail.pop3.host=imap.example.com',
        'mail.session.mail.pop3.port=143',
        'mail.session.mail.pop3.user=portal',
        'mail.session.mail.transport.protocol=smtp',
        'mail.session.mail.smtp.host=smtp.example.com',
        'mail.session.mail.smtp.port=587',
        'mail.session.mail.smtp.user=portal',
        'mail.session.mail.smtp.starttls.enable=true',
        'mail.session.mail.smtp.auth=true',
        'mail.session.mail.advanced.properties=mail.smtp.timeout=20000\\nmail.imap.starttls.enable=true\\nmail.imap.starttls.required=true\\nmail.smtp.starttls.required=true',
        'admin.email.from.name=Portal',
        'admin.email.from.address=noreply@example.com',
        '',
      ].join('\n'),
    );
  });

  it('writes implicit TLS as the s protocols, empty values for what is not set, and an empty advanced.properties when there is nothing to add', () => {
    const text = exportLiferayProperties(
      row({
        incomingProtocol: 'POP3',
        incomingSecurity: 'TLS',
        incomingUser: null,
        outgoingSecurity: 'TLS',
        outgoingHost: null,
        additionalProperties: [],
        defaultSenderName: null,
      }),
    );
    expect(text.split('\n').slice(1)).toEqual([
      'mail.session.mail.store.protocol=pop3s',
      'mail.session.mail.pop3.host=imap.example.com',
      'mail.session.mail.pop3.port=143',
      'mail.session.mail.pop3.user=',
      'mail.session.mail.transport.protocol=smtps',
      'mail.session.mail.smtp.host=',
      'mail.session.mail.smtp.port=587',
      'mail.session.mail.smtp.user=portal',
      'mail.session.mail.smtp.starttls.enable=false',
      'mail.session.mail.advanced.properties=',
      'admin.email.from.name=',
      'admin.email.from.address=noreply@example.com',
      '',
    ]);
  });

  it('writes STARTTLS when offered as starttls.enable alone', () => {
    const lines = exportLiferayProperties(
      row({ incomingSecurity: 'STARTTLS_OPTIONAL', outgoingSecurity: 'STARTTLS_OPTIONAL', additionalProperties: [] }),
    ).split('\n');
    expect(lines).toContain('mail.session.mail.smtp.starttls.enable=true');
    expect(lines).toContain('mail.session.mail.advanced.properties=mail.imap.starttls.enable=true');
  });

  it('keeps long values on one line and writes characters outside Latin-1 as they are, not as \\u escapes', () => {
    const name = 'Služba pošty — ' + 'x'.repeat(120);
    const localhost = `mta.${'a'.repeat(60)}.example.com`;
    const text = exportLiferayProperties(row({ defaultSenderName: name, additionalProperties: [{ key: 'mail.smtp.localhost', value: localhost }] }));
    expect(text.split('\n')).toContain(`admin.email.from.name=${name}`);
    expect(text.split('\n')).toContain(
      `mail.session.mail.advanced.properties=mail.smtp.localhost=${localhost}\\nmail.imap.starttls.enable=true\\nmail.imap.starttls.required=true\\nmail.smtp.starttls.required=true`,
    );
    expect(parseLiferayProperties(text).settings.defaultSender.name).toBe(name);
  });

  it('says in a comment that a server signs in with OAuth 2.0, without its client, endpoint or secrets, and reads back as no OAuth 2.0 at all', () => {
    const oauth2 = row({
      outgoingAuthentication: 'OAUTH2',
      outgoingOAuth2Grant: 'CLIENT_CREDENTIALS',
      outgoingOAuth2TokenUrl: 'https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token',
      outgoingOAuth2ClientId: 'client-id-5d2f',
      outgoingOAuth2Scope: 'https://outlook.office365.com/.default',
      outgoingOAuth2ClientSecret: 'v1.k.ciphertext-of-the-secret',
    });
    const text = exportLiferayProperties(oauth2);
    const lines = text.split('\n');
    expect(lines[1]).toBe(
      '# The outgoing server signs in with OAuth 2.0 (grant CLIENT_CREDENTIALS), which these properties cannot express: it is not exported, nor are its secrets, and importing this file leaves it as it is.',
    );
    expect(lines.filter((line) => line.includes('OAuth'))).toHaveLength(1);
    for (const value of ['login.microsoftonline.com', 'client-id-5d2f', 'outlook.office365.com/.default', 'ciphertext-of-the-secret']) {
      expect(text).not.toContain(value);
    }
    const read = parseLiferayProperties(text).settings;
    expect(read.outgoing.authentication).toBeUndefined();
    expect(read.outgoing.oauth2).toBeUndefined();
    expect(exportLiferayProperties(row())).not.toContain('OAuth');
  });
});
