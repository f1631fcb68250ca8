import { updateOk } from '../api/mail-session.operations';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { useTestApp } from '../support/test-app';
import { TEST_MAIL_SESSION, TEST_SAVED_MAIL_SESSION, type ReportView } from './operations';

/*
 * testMailSession and sendTestEmail as issue 14 shapes them: one `input` (testMailSession's
 * defaults to {}), their own payloads, enums for the tested protocol, security and AUTH
 * mechanism (CRAM-MD5 answered as CRAM_MD5), EmailAddress for the recipients.
 */

const t = useTestApp({ mailCheck: { testsPerWindow: 1_000, emailsPerWindow: 1_000 } });
const USER = 'mailer';
const PASS = `shape-${process.pid}-Secret`;
let peer: SmtpPeer;

beforeAll(async () => {
  peer = await startSmtpPeer({
    server: {
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      authMethods: ['CRAM-MD5'],
      onAuth(auth, _session, callback) {
        const ok = auth.method === 'CRAM-MD5' && auth.username === USER && auth.validatePassword(PASS);
        callback(ok ? null : new Error('Invalid username or password'), ok ? { user: USER } : undefined);
      },
    },
  });
  await updateOk(t, {
    outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE', user: USER, password: PASS },
    additionalProperties: [{ key: 'mail.smtp.auth.mechanisms', value: 'CRAM-MD5' }],
    defaultSender: { address: 'app@example.com' },
  });
});

afterAll(() => peer.close());

function stepOf(report: ReportView['outgoing'] | undefined, name: string) {
  return report?.steps.find((step) => step.name === name);
}

describe('testMailSession and sendTestEmail with one input and a payload of their own', () => {
  it('tests the saved settings when called without arguments, answering protocol, security and mechanism as enum names', async () => {
    const result = await t.gql<{ testMailSession: ReportView }>(TEST_SAVED_MAIL_SESSION);
    expect(result.errors).toBeUndefined();
    const report = result.data?.testMailSession;
    expect(report).toMatchObject({ ok: true, candidate: false });
    expect(report?.outgoing).toMatchObject({ protocol: 'SMTP', security: 'NONE', port: peer.port, tested: true });
    expect(report?.incoming).toMatchObject({ protocol: 'POP3', tested: false });
    expect(stepOf(report?.outgoing, 'AUTHENTICATION')).toMatchObject({ ok: true, authMechanism: 'CRAM_MD5' });
    expect(stepOf(report?.outgoing, 'SENDER')).toMatchObject({ ok: true, sender: 'app@example.com', recipient: 'app@example.com' });
  });

  it('takes the recipient (an EmailAddress) in the input, and tests the saved settings while input.settings is left out', async () => {
    const result = await t.gql<{ testMailSession: ReportView }>(TEST_MAIL_SESSION, { input: { recipient: 'ops@example.com' } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.testMailSession.candidate).toBe(false);
    expect(stepOf(result.data?.testMailSession.outgoing, 'SENDER')).toMatchObject({ ok: true, recipient: 'ops@example.com' });
    const refused = await t.gql(TEST_MAIL_SESSION, { input: { recipient: 'not an address' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.data ?? null).toBeNull();
  });

  it('tests input.settings merged over the saved ones as a candidate, by the update rules (the password must be given again)', async () => {
    const result = await t.gql<{ testMailSession: ReportView }>(TEST_MAIL_SESSION, {
      input: { settings: { outgoing: { security: 'STARTTLS_OPTIONAL' } }, recipient: null },
    });
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    const accepted = await t.gql<{ testMailSession: ReportView }>(TEST_MAIL_SESSION, {
      input: { settings: { outgoing: { security: 'STARTTLS_OPTIONAL', password: PASS } } },
    });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.testMailSession).toMatchObject({ ok: true, candidate: true, outgoing: { security: 'STARTTLS_OPTIONAL' } });
  });

  it('names every problem of the candidate settings from settings, the decorators and the rules together', async () => {
    const result = await t.gql(TEST_MAIL_SESSION, {
      input: {
        settings: {
          outgoing: { port: 70000, password: 'x', clearPassword: true },
          additionalProperties: [{ key: 'mail.smtp.nonsense', value: 'x' }],
        },
      },
    });
    const extensions = result.errors?.[0]?.extensions;
    expect(extensions?.code).toBe('BAD_USER_INPUT');
    expect(extensions?.field).toEqual(['settings', 'outgoing', 'port']);
    expect((extensions?.problems as { field: unknown[] }[] | undefined)?.map((problem) => problem.field)).toEqual([
      ['settings', 'outgoing', 'port'],
      ['settings', 'outgoing', 'clearPassword'],
      ['settings', 'additionalProperties', 0, 'key'],
    ]);
    expect(result.data ?? null).toBeNull();
  });

  it('sends a test e-mail to input.to and answers the accepted recipients', async () => {
    const result = await t.gql<{ sendTestEmail: { accepted: string[]; rejected: string[]; messageId: string } }>(
      'mutation Send($input: SendTestEmailInput!) { sendTestEmail(input: $input) { accepted rejected messageId } }',
      { input: { to: 'admin@example.com' } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.sendTestEmail).toMatchObject({ accepted: ['admin@example.com'], rejected: [] });
    await peer.waitFor(1);
    expect(peer.received[0]?.rcptTo).toEqual(['admin@example.com']);
  });
});
