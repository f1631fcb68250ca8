import { CONFIG_WARNING_CODES } from '../../src/mail-settings/mail-session.warnings';
import { useTestApp } from '../support/test-app';
import { readSession, updateOk, type WarningView } from './mail-session.operations';

/** A configuration with nothing wrong in it, stated in full so that earlier tests do not leak in. */
const SANE = {
  outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer', clearPassword: true },
  incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS', user: 'reader', clearPassword: true, deleteAfterFetch: true },
  additionalProperties: [],
};

function codesAndFields(warnings: WarningView[]): string[] {
  return warnings.map((w) => `${w.code} ${w.field.join('.')}`);
}

describe('configuration warnings in the update payload', () => {
  const t = useTestApp();

  it('returns no warnings for a sane configuration (SMTP 587 STARTTLS, IMAP 993 TLS)', async () => {
    const payload = await updateOk(t, SANE);
    expect(payload.warnings).toEqual([]);
    expect(payload.mailSession.outgoing).toMatchObject({ host: 'smtp.example.com', port: 587, security: 'STARTTLS' });
  });

  it("warns about both servers of the documentation's own Gmail example, and still stores it", async () => {
    const outgoingPassword = `out-${Date.now()}-pw`;
    const incomingPassword = `in-${Date.now()}-pw`;
    const before = await readSession(t);

    const payload = await updateOk(t, {
      incoming: { protocol: 'POP3', host: 'pop.gmail.com', port: 465, security: 'TLS', user: 'joe.bloggs', password: incomingPassword },
      outgoing: { host: 'smtp.gmail.com', port: 110, security: 'TLS', user: 'joe.bloggs', password: outgoingPassword },
    });

    const fields = payload.warnings.map((w) => w.field.join('.'));
    expect(fields.some((field) => field.startsWith('incoming.'))).toBe(true);
    expect(fields.some((field) => field.startsWith('outgoing.'))).toBe(true);
    expect(codesAndFields(payload.warnings)).toEqual(
      expect.arrayContaining(['PORT_PROTOCOL_MISMATCH outgoing.port', 'IMPLICIT_TLS_ON_PLAIN_PORT outgoing.security', 'PORT_PROTOCOL_MISMATCH incoming.port']),
    );
    for (const warning of payload.warnings) {
      expect(CONFIG_WARNING_CODES).toContain(warning.code);
      expect(warning.message).toContain(warning.field.join('.'));
      expect(warning.message).not.toContain('joe.bloggs');
      expect(warning.message).not.toContain(outgoingPassword);
      expect(warning.message).not.toContain(incomingPassword);
    }
    // Warnings advise; they do not refuse.
    expect(payload.mailSession.version).toBe(before.version + 1);
    expect(payload.mailSession.outgoing).toMatchObject({ host: 'smtp.gmail.com', port: 110, security: 'TLS', passwordSet: true });
  });

  it('warns when a password would cross the network unencrypted', async () => {
    const payload = await updateOk(t, {
      ...SANE,
      outgoing: { host: 'smtp.example.com', port: 25, security: 'NONE', user: 'mailer', password: 'plain-text-risk' },
    });
    expect(codesAndFields(payload.warnings)).toEqual(['PASSWORD_OVER_PLAINTEXT outgoing.security']);
  });

  it('warns when additional properties switch off certificate checks', async () => {
    const payload = await updateOk(t, { ...SANE, additionalProperties: [{ key: 'mail.smtp.ssl.trust', value: '*' }] });
    expect(codesAndFields(payload.warnings)).toEqual(['CERTIFICATE_CHECKS_DISABLED additionalProperties']);
  });

  it('warns when the mailbox keeps messages after fetching them', async () => {
    const payload = await updateOk(t, { ...SANE, incoming: { ...SANE.incoming, deleteAfterFetch: false } });
    expect(codesAndFields(payload.warnings)).toEqual(['MAILBOX_KEEPS_MESSAGES incoming.deleteAfterFetch']);
  });

  it('describes the stored settings even when the update changes nothing', async () => {
    await updateOk(t, { ...SANE, outgoing: { ...SANE.outgoing, port: 465, security: 'STARTTLS' } });
    const before = await readSession(t);

    const payload = await updateOk(t, { outgoing: { port: 465 } });

    expect(payload.mailSession.version).toBe(before.version);
    expect(codesAndFields(payload.warnings)).toEqual(['STARTTLS_ON_TLS_PORT outgoing.security']);
  });
});
