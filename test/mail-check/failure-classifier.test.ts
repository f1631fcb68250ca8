import { certificateVerdict, handshakeFailure, sendFailureVerdict, smtpRefusal } from '../../src/mail-check/failure-classifier';

/** nodemailer's error as its SMTP connection builds it (`_formatError`): code, originalCode, command, response. */
interface NodemailerFields {
  message?: string;
  code: string;
  originalCode?: string;
  command?: string;
  response?: string;
  timeoutType?: string;
}

function nodemailerError(fields: NodemailerFields) {
  const error = new Error(fields.message ?? 'failed') as Error & Record<string, unknown>;
  Object.assign(error, fields);
  if (fields.response) error.responseCode = Number(fields.response.slice(0, 3));
  return error;
}

const context = { security: 'STARTTLS' as const, sender: 'app@example.com', recipient: 'admin@example.org' };

describe('the failure classifier shared by testMailSession and sendTestEmail', () => {
  it.each([
    ['553 5.7.1 <app@example.com>: Sender address rejected: not owned by user', 'SENDER_REFUSED'],
    ['550 5.1.8 <app@example.com>: Sender address rejected: Domain not found', 'SENDER_REFUSED'],
    ['553 5.1.7 The sender address is invalid', 'SENDER_REFUSED'],
    ['554 5.7.1 <admin@example.org>: Recipient address rejected: Access denied', 'RECIPIENT_REFUSED'],
    ['550 5.1.1 <admin@example.org>: Recipient address rejected: User unknown', 'RECIPIENT_REFUSED'],
    ['554 5.7.1 <admin@example.org>: Relay access denied', 'RECIPIENT_REFUSED'],
  ])('blames the party the reply names at RCPT TO: %s', (reply, code) => {
    const failure = smtpRefusal('RCPT', reply, context);
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(reply);
    expect(failure.message).toContain(code === 'SENDER_REFUSED' ? 'app@example.com as sender' : 'the recipient admin@example.org');
  });

  it('adds the relaying hint only to a relay refusal', () => {
    expect(smtpRefusal('RCPT', '554 5.7.1 <x@example.org>: Relay access denied', context).message).toMatch(/does not relay for this service/);
    expect(smtpRefusal('RCPT', '550 5.1.1 User unknown', context).message).not.toMatch(/relay/);
  });

  it('codes a 5xx greeting as CLIENT_REJECTED and a 4xx one as PROTOCOL_ERROR', () => {
    expect(smtpRefusal('GREETING', '554 5.7.1 Client host rejected').code).toBe('CLIENT_REJECTED');
    expect(smtpRefusal('GREETING', '421 4.3.2 Service not available').code).toBe('PROTOCOL_ERROR');
  });

  it.each([
    [{ code: 'EENVELOPE', command: 'RCPT TO', response: '553 5.7.1 <app@example.com>: Sender address rejected: not owned by user' }, 'SENDER_REFUSED'],
    [{ code: 'EENVELOPE', command: 'MAIL FROM', response: '550 5.7.1 Sender rejected' }, 'SENDER_REFUSED'],
    [{ code: 'EAUTH', command: 'AUTH PLAIN', response: '535 5.7.8 Error: authentication failed' }, 'AUTH_FAILED'],
    [{ code: 'ETLS', command: 'STARTTLS', response: '502 5.5.1 Error: command not implemented' }, 'STARTTLS_UNAVAILABLE'],
    [{ code: 'EMESSAGE', command: 'DATA', response: '552 5.3.4 Message size exceeds fixed limit' }, 'MESSAGE_REFUSED'],
    [{ code: 'EPROTOCOL', command: 'CONN', response: '554 5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied' }, 'CLIENT_REJECTED'],
    [{ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', command: 'CONN', message: 'self-signed certificate' }, 'CERTIFICATE_UNTRUSTED'],
    [{ code: 'ETLS', command: 'STARTTLS', message: 'Error initiating TLS - certificate has expired' }, 'CERTIFICATE_EXPIRED'],
    [
      { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID', command: 'CONN', message: "Hostname/IP does not match certificate's altnames" },
      'CERTIFICATE_NAME_MISMATCH',
    ],
    [{ code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', command: 'CONN', message: 'wrong version number' }, 'TLS_HANDSHAKE_FAILED'],
    [{ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT', message: 'Greeting never received' }, 'TIMEOUT'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN', message: 'connect ECONNREFUSED' }, 'CONNECTION_REFUSED'],
    [{ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, 'CONNECTION_CLOSED'],
  ] as [NodemailerFields, string][])('classifies a failed send %j as %s', (fields, code) => {
    const verdict = sendFailureVerdict(nodemailerError(fields), { ...context, response: fields.response });
    expect(verdict.code).toBe(code);
    if (fields.response) expect(verdict.message).toContain(fields.response);
  });

  it('hints at security TLS for a greeting that never came, unless TLS was already used', () => {
    const silent = nodemailerError({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT' });
    expect(sendFailureVerdict(silent, { ...context, security: 'NONE', response: undefined }).message).toMatch(/use security TLS$/);
    expect(sendFailureVerdict(silent, { ...context, security: 'TLS', response: undefined }).message).not.toMatch(/use security TLS/);
  });

  it('gives certificates the same verdict by code as the connection test', () => {
    expect(certificateVerdict('DEPTH_ZERO_SELF_SIGNED_CERT')).toMatchObject({ code: 'CERTIFICATE_UNTRUSTED', text: expect.stringMatching(/self-signed/) });
    expect(certificateVerdict('UNABLE_TO_VERIFY_LEAF_SIGNATURE').text).toMatch(/MAIL_TLS_CA_FILE/);
    expect(certificateVerdict('CERT_HAS_EXPIRED').code).toBe('CERTIFICATE_EXPIRED');
    expect(handshakeFailure({ code: 'ECONNRESET' }).message).toMatch(/closed the connection during the TLS handshake/);
  });
});
