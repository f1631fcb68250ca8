/**
 * The one classifier of mail connection failures: socket and TLS errors, certificate verdicts,
 * timeouts and SMTP refusals become a `CheckFailure` (a code of the closed set and a hint for an
 * administrator). testMailSession's steps and sendTestEmail both use it, so a send that fails
 * carries the same code and hint as the step of the connection test that would fail.
 */
import { CheckFailure, type CheckFailureCode } from './check-step.js';

/** Security modes as the settings name them. */
export type Security = 'NONE' | 'STARTTLS_OPTIONAL' | 'STARTTLS' | 'TLS';

function errorField(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null && name in error ? (error as Record<string, unknown>)[name] : undefined;
}

/** An error's message; not by `instanceof Error`, which fails for errors made in another realm (a VM context, Jest's). */
function messageOf(error: unknown): string {
  const message = errorField(error, 'message');
  return typeof message === 'string' ? message : '';
}

/** Node's socket error codes to the check's failure codes. */
export function networkFailure(error: unknown, what: string): CheckFailure {
  if (error instanceof CheckFailure) return error;
  const code = typeof errorField(error, 'code') === 'string' ? String(errorField(error, 'code')) : '';
  switch (code) {
    case 'ECONNREFUSED':
      return new CheckFailure('CONNECTION_REFUSED', `${what}: the connection was refused; nothing listens on that port, or a firewall rejects it`);
    case 'ETIMEDOUT':
      return new CheckFailure('TIMEOUT', `${what}: timed out`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new CheckFailure('NETWORK_UNREACHABLE', `${what}: the host cannot be reached from this service's network (${code})`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new CheckFailure('CONNECTION_CLOSED', `${what}: the server closed the connection (${code})`);
    default:
      return new CheckFailure('PROTOCOL_ERROR', `${what} failed${code ? ` (${code})` : ''}`);
  }
}

type CertificateCode = 'CERTIFICATE_UNTRUSTED' | 'CERTIFICATE_EXPIRED' | 'CERTIFICATE_NAME_MISMATCH';

/** OpenSSL's and Node's verification codes with the text Node gives them in an error's message. */
const CERTIFICATE_ERRORS: { code: string; text: RegExp; verdict: CertificateCode }[] = [
  { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', text: /^self[- ]signed certificate$/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'SELF_SIGNED_CERT_IN_CHAIN', text: /self[- ]signed certificate in certificate chain/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', text: /unable to verify the first certificate/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', text: /unable to get local issuer certificate/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'UNABLE_TO_GET_ISSUER_CERT', text: /unable to get issuer certificate/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'CERT_UNTRUSTED', text: /certificate not trusted/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'CERT_SIGNATURE_FAILURE', text: /certificate signature failure/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'CERT_REVOKED', text: /certificate revoked/i, verdict: 'CERTIFICATE_UNTRUSTED' },
  { code: 'CERT_HAS_EXPIRED', text: /certificate has expired/i, verdict: 'CERTIFICATE_EXPIRED' },
  { code: 'CERT_NOT_YET_VALID', text: /certificate is not yet valid/i, verdict: 'CERTIFICATE_EXPIRED' },
  { code: 'ERR_TLS_CERT_ALTNAME_INVALID', text: /does not match certificate's altnames/i, verdict: 'CERTIFICATE_NAME_MISMATCH' },
];

/** Verification codes that mean the chain leads to no trusted authority. */
export const UNTRUSTED_CHAIN_CODES: ReadonlySet<string> = new Set(
  CERTIFICATE_ERRORS.filter((entry) => entry.verdict === 'CERTIFICATE_UNTRUSTED').map((entry) => entry.code),
);

const TRUST_HINT = 'add its authority to MAIL_TLS_CA_FILE (or NODE_EXTRA_CA_CERTS), or list the host in mail.<protocol>.ssl.trust to turn checking off';

/** The verdict on a chain error code (`DEPTH_ZERO_SELF_SIGNED_CERT`), in the report's words. */
export function certificateVerdict(chainError: string): { code: CertificateCode; text: string } {
  const entry = CERTIFICATE_ERRORS.find((candidate) => candidate.code === chainError);
  switch (entry?.verdict) {
    case 'CERTIFICATE_EXPIRED':
      return { code: 'CERTIFICATE_EXPIRED', text: `the certificate has expired or is not yet valid (${chainError})` };
    case 'CERTIFICATE_NAME_MISMATCH':
      return { code: 'CERTIFICATE_NAME_MISMATCH', text: 'the certificate is not issued for the configured host' };
    default:
      return chainError === 'DEPTH_ZERO_SELF_SIGNED_CERT' || chainError === 'SELF_SIGNED_CERT_IN_CHAIN'
        ? { code: 'CERTIFICATE_UNTRUSTED', text: `the certificate is self-signed and no trusted authority vouches for it; ${TRUST_HINT}` }
        : { code: 'CERTIFICATE_UNTRUSTED', text: `the certificate chain does not lead to a trusted authority (${chainError}); ${TRUST_HINT}` };
  }
}

/** The verification code in an error from Node's TLS (its `code`, nodemailer's `originalCode`, or its message). */
function certificateCode(error: unknown): string | undefined {
  for (const field of ['originalCode', 'code']) {
    const value = errorField(error, field);
    if (typeof value === 'string' && CERTIFICATE_ERRORS.some((entry) => entry.code === value)) return value;
  }
  const message = messageOf(error);
  return CERTIFICATE_ERRORS.find((entry) => entry.text.test(message.replace(/^.*?Error initiating TLS - /, '')))?.code;
}

/** A TLS handshake that failed before any certificate was judged. */
export function handshakeFailure(error: unknown): CheckFailure {
  const code = [errorField(error, 'originalCode'), errorField(error, 'code')].find((value): value is string => typeof value === 'string');
  const certificate = certificateCode(error);
  if (certificate) {
    const verdict = certificateVerdict(certificate);
    return new CheckFailure(verdict.code, verdict.text);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new CheckFailure(
      'TLS_HANDSHAKE_FAILED',
      'the server closed the connection during the TLS handshake: it may not speak TLS on this port, or accepts none of the offered TLS versions',
    );
  }
  const message = `${messageOf(error)} ${code ?? ''}`;
  if (/wrong[ _]version[ _]number|packet[ _]length[ _]too[ _]long|unknown[ _]protocol|record[ _]layer[ _]failure|http[ _]request/i.test(message)) {
    return new CheckFailure('TLS_HANDSHAKE_FAILED', 'the server did not answer with TLS: this port probably expects a plain connection (try STARTTLS or NONE)');
  }
  return new CheckFailure(
    'TLS_HANDSHAKE_FAILED',
    `the TLS handshake failed (${code ?? 'handshake error'}); the server and this service may share no TLS version or cipher`,
  );
}

/**
 * No greeting in time. A port that expects TLS from the first byte (SMTP 465, IMAP 993, POP3 995)
 * stays silent to a plain client, so that is the first thing to suggest.
 */
export function greetingTimeout(security: Security, what: string): CheckFailure {
  const hint =
    security === 'TLS'
      ? 'the server may be overloaded, or something between drops the connection'
      : 'if this port expects TLS from the first byte (usually 465 for SMTP, 993 for IMAP, 995 for POP3) it waits silently for a TLS handshake: use security TLS';
  return new CheckFailure('TIMEOUT', `${what}; ${hint}`);
}

/** Where in an SMTP dialogue a reply came. */
export type SmtpStage = 'GREETING' | 'EHLO' | 'STARTTLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA';

export interface SmtpReplyContext {
  sender?: string | undefined;
  recipient?: string | undefined;
}

/** Whether an RCPT TO refusal is about the sender: Postfix says so, as do the enhanced codes 5.1.7/5.1.8. */
function blamesSender(text: string): boolean {
  return /sender address rejected|\b[45]\.1\.[78]\b|sender (address )?(not|is not) (owned|allowed|permitted|authori[sz]ed)/i.test(text);
}

/**
 * An SMTP server's refusal (`reply` is its code and text, already masked and bounded) at `stage`,
 * classified the same way for the connection test and for sends.
 */
export function smtpRefusal(stage: SmtpStage, reply: string, context: SmtpReplyContext = {}): CheckFailure {
  const fail = (code: CheckFailureCode, message: string) => new CheckFailure(code, message, context.sender ? { sender: context.sender } : {});
  switch (stage) {
    case 'GREETING':
      if (/^5\d\d/.test(reply)) {
        return fail(
          'CLIENT_REJECTED',
          `the server refuses connections from this service's address: ${reply}; ask its administrator to allow this service's IP address (its client restrictions)`,
        );
      }
      return fail('PROTOCOL_ERROR', `the server is not accepting mail: ${reply}`);
    case 'EHLO':
      return fail('PROTOCOL_ERROR', `the server refused EHLO: ${reply}`);
    case 'STARTTLS':
      return fail(
        'STARTTLS_UNAVAILABLE',
        `the server refused STARTTLS (${reply}), which security STARTTLS requires; use TLS on the implicit TLS port (465), or ask the server administrator`,
      );
    case 'AUTH':
      return fail('AUTH_FAILED', `the server refused the user name or password: ${reply}`);
    case 'MAIL':
      return fail('SENDER_REFUSED', `the server refuses ${context.sender ?? 'the sender'} as sender, so every message would be lost: ${reply}`);
    case 'RCPT':
      if (blamesSender(reply)) {
        return fail(
          'SENDER_REFUSED',
          `the server accepted MAIL FROM but refuses ${context.sender ?? 'the sender'} as sender at RCPT TO, so every message would be lost: ${reply}`,
        );
      }
      return fail(
        'RECIPIENT_REFUSED',
        `the server refuses ${context.recipient ? `the recipient ${context.recipient}` : 'the recipient'}: ${reply}${/relay/i.test(reply) ? '; it does not relay for this service: authenticate, or ask its administrator' : ''}`,
      );
    case 'DATA':
      return fail('MESSAGE_REFUSED', `the server refused the message after accepting its envelope: ${reply}`);
  }
}

/** nodemailer's `command` of a failed step to our stage. */
function stageOf(command: string, responseCode: number | undefined): SmtpStage | undefined {
  const upper = command.toUpperCase();
  if (upper === 'CONN') return responseCode !== undefined ? 'GREETING' : undefined;
  if (upper.startsWith('STARTTLS')) return 'STARTTLS';
  if (upper.startsWith('AUTH')) return 'AUTH';
  if (upper.startsWith('MAIL')) return 'MAIL';
  if (upper.startsWith('RCPT')) return 'RCPT';
  if (upper === 'DATA' || upper === 'MESSAGE' || upper === 'BDAT') return 'DATA';
  if (upper === 'EHLO' || upper === 'HELO' || upper === 'LHLO') return 'EHLO';
  return undefined;
}

export interface SendContext extends SmtpReplyContext {
  security: Security;
  /** The server's reply as the caller may see it (masked, bounded); undefined when there was none. */
  response: string | undefined;
}

/**
 * A failed send (nodemailer's error: `code`, `originalCode`, `command`, `responseCode`,
 * `timeoutType`) classified as the connection test would classify the failing step.
 */
export function sendFailureVerdict(error: unknown, context: SendContext): CheckFailure {
  const code = typeof errorField(error, 'code') === 'string' ? String(errorField(error, 'code')) : '';
  const originalCode = typeof errorField(error, 'originalCode') === 'string' ? String(errorField(error, 'originalCode')) : '';
  const command = typeof errorField(error, 'command') === 'string' ? String(errorField(error, 'command')) : '';
  const responseCode = typeof errorField(error, 'responseCode') === 'number' ? Number(errorField(error, 'responseCode')) : undefined;
  const stage = stageOf(command, responseCode);
  if (context.response !== undefined && stage !== undefined) return smtpRefusal(stage, context.response, context);
  if (code === 'ETIMEDOUT') {
    const timeoutType = errorField(error, 'timeoutType');
    if (timeoutType === 'GREETING_TIMEOUT') return greetingTimeout(context.security, 'the server sent no greeting in time');
    // nodemailer's idle-socket timer may fire before its greeting timer (mail.smtp.timeout sets both).
    if (command.toUpperCase() === 'CONN' && context.security !== 'TLS') {
      return greetingTimeout(context.security, 'the server sent no greeting, or stopped answering, in time');
    }
    return new CheckFailure('TIMEOUT', 'the server stopped answering in time');
  }
  const message = messageOf(error);
  if (
    certificateCode(error) !== undefined ||
    code === 'ETLS' ||
    /^ERR_SSL_|^ERR_TLS_/.test(originalCode) ||
    /wrong version number|packet length too long|unknown protocol|record layer failure/i.test(message)
  ) {
    return handshakeFailure(error);
  }
  if (originalCode) return networkFailure({ code: originalCode }, 'connecting to the server');
  if (code === 'ECONNECTION') return new CheckFailure('CONNECTION_CLOSED', 'the server closed the connection');
  if (context.response !== undefined) return new CheckFailure('PROTOCOL_ERROR', `the server answered unexpectedly: ${context.response}`);
  return new CheckFailure('PROTOCOL_ERROR', `no reply from the server (${code || 'unknown error'})`);
}
