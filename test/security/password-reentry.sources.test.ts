import { readSession } from '../api/mail-session.operations';
import { testSecretKey } from '../support/test-app';
import { sourceFromEnvironment, useSourceApps } from '../sources/sources.support';

/*
 * Issue 10, class 3, for the start-up sources: a managed source stands for the whole settings,
 * so it may change a password-guarding setting, but only together with the password it gives
 * (kept when unchanged) or by removing the stored one when it gives none.
 */

const BASE = {
  MAIL_SESSION_MANAGED: 'true',
  MAIL_OUTGOING_HOST: 'smtp.example.org',
  MAIL_OUTGOING_PORT: '465',
  MAIL_OUTGOING_SECURITY: 'TLS',
  MAIL_OUTGOING_USER: 'mailer',
  MAIL_OUTGOING_PASSWORD: 'managed-password-1',
  MAIL_INCOMING_PROTOCOL: 'IMAP',
  MAIL_INCOMING_HOST: 'imap.example.org',
  MAIL_INCOMING_PORT: '993',
  MAIL_INCOMING_SECURITY: 'TLS',
  MAIL_INCOMING_USER: 'reader',
  MAIL_INCOMING_PASSWORD: 'managed-password-2',
};

describe('managed sources and the password-guarding settings', () => {
  const rig = useSourceApps({ secretKey: testSecretKey(), per: 'file' });
  const restart = (variables: Record<string, string>) => rig.restart(sourceFromEnvironment(variables));
  const storedPasswords = async () =>
    (
      await rig.db.query<{ outgoing_password: string | null; incoming_password: string | null }>(
        'SELECT outgoing_password, incoming_password FROM mail_session',
      )
    )[0];

  beforeAll(async () => {
    await restart(BASE);
  });

  it('applies a weakened TLS setting given with the same passwords, keeping them', async () => {
    const before = await storedPasswords();
    const app = await restart({ ...BASE, MAIL_ADDITIONAL_PROPERTIES: 'mail.smtp.ssl.trust=*\nmail.imap.ssl.checkserveridentity=false' });
    const session = await readSession(app);
    expect(session.additionalProperties).toEqual([
      { key: 'mail.smtp.ssl.trust', value: '*' },
      { key: 'mail.imap.ssl.checkserveridentity', value: 'false' },
    ]);
    expect(session.outgoing.passwordSet).toBe(true);
    expect(session.incoming.passwordSet).toBe(true);
    // Given again because the guarded settings changed: re-encrypted, hence another ciphertext.
    const after = await storedPasswords();
    expect(after?.outgoing_password).not.toBe(before?.outgoing_password);
    expect(after?.incoming_password).not.toBe(before?.incoming_password);
  });

  it('applies a change of the incoming protocol given with the same password', async () => {
    const app = await restart({ ...BASE, MAIL_INCOMING_PROTOCOL: 'POP3' });
    expect((await readSession(app)).incoming).toMatchObject({ protocol: 'POP3', passwordSet: true });
  });

  it('removes the stored password when the source changes a guarded setting and gives none', async () => {
    const { MAIL_OUTGOING_PASSWORD: _password, ...withoutPassword } = BASE;
    const app = await restart({ ...withoutPassword, MAIL_ADDITIONAL_PROPERTIES: 'mail.smtp.auth.mechanisms=PLAIN' });
    const session = await readSession(app);
    expect(session.outgoing.passwordSet).toBe(false);
    expect(session.additionalProperties).toEqual([{ key: 'mail.smtp.auth.mechanisms', value: 'PLAIN' }]);
  });
});
