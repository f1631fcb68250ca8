import type { Socket } from 'node:net';
import type { ImapFlow, ImapTransport } from 'imapflow';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import { freshToken, tokenStep } from './token-step.js';
import type { MailboxConnection } from '../transport/mailbox-connection.js';
import { PEER_LIMITS } from '../transport/peer-limits.js';
import { CheckFailure, type StepRecorder } from './check-step.js';
import { greetingTimeout } from './failure-classifier.js';
import { beginTls, connectSteps } from './network-steps.js';
import { probeTarget } from './pop3-probe.js';
import { foreignPeer } from './server-text.js';

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

function flag(error: unknown, name: 'authenticationFailed' | 'tlsFailed'): boolean {
  return typeof error === 'object' && error !== null && name in error && (error as Record<string, unknown>)[name] === true;
}

/** imapflow's error codes for a response past one of its size limits (set from `PEER_LIMITS`). */
const SIZE_LIMIT_CODES = new Set(['LiteralTooLarge', 'LineTooLarge', 'ResponseTooLarge', 'TooManyTokens']);

const TOO_MUCH = `the server sent more than an IMAP server ever sends to a connection test (a literal over ${PEER_LIMITS.imapLiteralBytes / 1024} KiB, a line over ${PEER_LIMITS.imapLineBytes / 1024} KiB, a response over ${PEER_LIMITS.imapResponseBytes / 1024} KiB or over ${PEER_LIMITS.connectionBytes / 1024} KiB in all); stopped reading and closed the connection`;

/**
 * The mechanism imapflow signed in with an access token: OAUTHBEARER when the server offered it
 * before login, else XOAUTH2 (imapflow's own rule, commands/authenticate). Read from imapflow's
 * record of the AUTH= capabilities it saw (`authCapabilities`, kept across the post-login
 * CAPABILITY update that drops them from `capabilities`).
 */
function oauthMechanism(client: ImapFlow): 'OAUTHBEARER' | 'XOAUTH2' {
  const seen = (client as unknown as { authCapabilities?: Map<string, boolean> }).authCapabilities;
  return seen?.has('AUTH=OAUTHBEARER') || client.capabilities.has('AUTH=OAUTHBEARER') ? 'OAUTHBEARER' : 'XOAUTH2';
}

const IMAP_GREETING = /^\* (OK|PREAUTH|BYE)\b/i;

/**
 * Watches what imapflow reads: bounds one connection to `PEER_LIMITS.connectionBytes` (imapflow's
 * own limits bound one response, not how many come), and classifies a first line that is no
 * IMAP greeting (`foreign`, in our words: the peer's banner is never shown) instead of waiting
 * for imapflow's greeting timeout. `watch` is given each socket imapflow reads, plain and then
 * TLS, once imapflow reads it, so no byte is taken from it. `drop` closes the connection.
 */
function readGuard(drop: () => void): {
  watch(socket: Socket): void;
  readonly exceeded: boolean;
  readonly foreign: string | undefined;
  readonly startTlsOffered: boolean;
  /** Bytes read so far: none means the server never greeted. */
  readonly received: number;
} {
  let received = 0;
  // Whether the STARTTLS capability went by (in the greeting or a CAPABILITY reply); `tail` spans chunk borders.
  let startTlsOffered = false;
  let tail = '';
  let exceeded = false;
  let head = '';
  let foreign: string | undefined;
  return {
    watch(socket) {
      socket.on('data', (chunk: Buffer) => {
        if (exceeded || foreign) return;
        received += chunk.length;
        if (!startTlsOffered) {
          const text = tail + chunk.toString('latin1');
          startTlsOffered = /[\s[]STARTTLS[\s\]]/i.test(text);
          tail = text.slice(-10);
        }
        if (received > PEER_LIMITS.connectionBytes) {
          exceeded = true;
          return drop();
        }
        if (head.includes('\n') || head.length >= 1024) return;
        head += chunk.toString('latin1', 0, Math.min(chunk.length, 1024));
        if ((head.includes('\n') || head.length >= 1024) && !IMAP_GREETING.test(head)) {
          foreign = foreignPeer(head);
          drop();
        }
      });
    },
    get exceeded() {
      return exceeded;
    },
    get foreign() {
      return foreign;
    },
    get startTlsOffered() {
      return startTlsOffered;
    },
    get received() {
      return received;
    },
  };
}

/** The access token one IMAP connection signs in with, and whether it is the fresh one of a retry. */
interface TokenSignIn {
  token: string;
  retried: boolean;
}

/**
 * Tests an IMAP mailbox with imapflow: DNS, TCP and TLS are this service's own steps (imapflow
 * runs over the socket they opened, through its `transport` option, so it never connects by
 * itself and the network policy applies; a STARTTLS upgrade goes through the same certificate
 * checks), then greeting and login (imapflow's `connect`),
 * then STATUS of INBOX, which opens no mailbox: nothing is read, flagged or expunged.
 * OAuth 2.0: TOKEN first (imapflow signs in while it connects); a refused token is rejected and
 * one fresh token tried, as the SMTP and POP3 sign-ins do, on a second connection (imapflow
 * closes a connection whose sign-in failed).
 */
export async function probeImap(connection: MailboxConnection, recorder: StepRecorder, network: NetworkPolicy): Promise<void> {
  recorder.conceal(connection.auth);
  const oauth2 = connection.oauth2;
  if (!oauth2) {
    await imapSession(connection, recorder, network, undefined);
    return;
  }
  const token = await tokenStep(recorder, oauth2);
  if (token === undefined) return;
  if ((await imapSession(connection, recorder, network, { token, retried: false })) !== 'TOKEN_REFUSED') return;
  const started = Date.now();
  let fresh: string;
  try {
    fresh = await freshToken(recorder, oauth2.user, oauth2.tokens, token);
  } catch (error) {
    const failure = error instanceof CheckFailure ? error : new CheckFailure('TOKEN_FAILED', 'no fresh access token could be obtained');
    recorder.record('AUTHENTICATION', started, { ok: false, skipped: false, code: failure.code, message: failure.message });
    return;
  }
  if ((await imapSession(connection, recorder.again(), network, { token: fresh, retried: true })) === 'TOKEN_REFUSED') oauth2.tokens.reject(fresh);
}

/**
 * One IMAP connection: the network steps, greeting and sign-in, then MAILBOX. Answers
 * TOKEN_REFUSED when the server refused the access token; the first refusal is not recorded
 * (the caller retries with a fresh token), the retry's is.
 */
async function imapSession(
  connection: MailboxConnection,
  recorder: StepRecorder,
  network: NetworkPolicy,
  signIn: TokenSignIn | undefined,
): Promise<'TOKEN_REFUSED' | undefined> {
  const responseText = (error: unknown): string => {
    const text = typeof error === 'object' && error !== null && 'responseText' in error ? String(error.responseText) : '';
    return text ? `: ${recorder.serverText(text)}` : '';
  };
  const target = probeTarget(connection);
  const socket = await connectSteps(target, recorder, network);
  if (!socket) return undefined;
  let upgradeFailed = false;
  let secured: Socket | undefined;
  const guard = readGuard(() => {
    secured?.destroy();
    socket.destroy();
  });
  // Past a size limit, whatever imapflow then reports (a closed connection, a failed command) is a protocol error.
  let sizeLimitHit = false;
  const noteSizeLimit = (error: unknown) => {
    if (SIZE_LIMIT_CODES.has(errorCode(error))) sizeLimitHit = true;
  };
  const tooMuch = () => guard.exceeded || sizeLimitHit;
  const transport: ImapTransport = {
    connect(_options, onConnect) {
      setImmediate(() => {
        onConnect();
        guard.watch(socket);
      });
      return socket;
    },
    upgrade(plain, _options, onSecure) {
      const started = Date.now();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), recorder.limit());
      const { secure, result } = beginTls(plain as unknown as Socket, connection.host, target.tls, 'STARTTLS', controller.signal);
      result.then(
        (outcome) => {
          clearTimeout(timer);
          recorder.record('TLS', started, { ok: true, skipped: false, code: null, message: outcome.message, ...outcome.details });
          onSecure();
          secured = secure;
          guard.watch(secure);
        },
        (error: unknown) => {
          const failure = error as CheckFailure;
          clearTimeout(timer);
          upgradeFailed = true;
          recorder.record('TLS', started, { ok: false, skipped: false, code: failure.code, message: failure.message, ...failure.details });
        },
      );
      return secure;
    },
  };
  // Loaded on first use: only IMAP checks need imapflow, which measured ~5 MB of resident memory
  // and ~100 ms of start-up in a process that may never run one.
  const { ImapFlow } = require('imapflow') as typeof import('imapflow');
  // imapflow answers a refused STATUS with `false` and only logs the server's reply; this logger
  // keeps the last error it logs, so the report can give the server's reason.
  // imapflow logs pino-style entries, whose `err` is an Error.
  let lastLoggedError: Error | undefined;
  const keepError = (entry: { err?: Error } | undefined) => {
    if (entry?.err) lastLoggedError = entry.err;
    noteSizeLimit(entry?.err);
  };
  const client = new ImapFlow({
    host: connection.host,
    port: connection.port,
    secure: connection.security === 'TLS',
    doSTARTTLS: connection.security === 'NONE' ? false : connection.security === 'STARTTLS' ? true : undefined,
    // imapflow signs in with OAUTHBEARER when offered, else XOAUTH2.
    ...(connection.auth && {
      auth:
        connection.oauth2 && signIn ? { user: connection.oauth2.user, accessToken: signIn.token } : { user: connection.auth.user, pass: connection.auth.pass },
    }),
    transport,
    logger: { debug: () => undefined, info: () => undefined, warn: keepError, error: keepError },
    disableAutoIdle: true,
    maxLineLength: PEER_LIMITS.imapLineBytes,
    maxLiteralSize: PEER_LIMITS.imapLiteralBytes,
    maxResponseSize: PEER_LIMITS.imapResponseBytes,
    maxResponseTokens: PEER_LIMITS.imapResponseTokens,
    ...(connection.socketTimeout !== undefined && { greetingTimeout: connection.socketTimeout, socketTimeout: connection.socketTimeout }),
  });
  client.on('error', noteSizeLimit);
  try {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const limitMs = recorder.limit();
    try {
      await Promise.race([
        client.connect(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new CheckFailure('TIMEOUT', `no greeting or login answer within ${limitMs} ms`)), limitMs);
        }),
      ]);
    } catch (error) {
      noteSizeLimit(error);
      if (upgradeFailed) return undefined;
      const failed = { ok: false, skipped: false } as const;
      if (tooMuch()) {
        recorder.record('GREETING', started, { ...failed, code: 'PROTOCOL_ERROR', message: TOO_MUCH });
      } else if (guard.foreign) {
        recorder.record('GREETING', started, {
          ...failed,
          code: 'PROTOCOL_ERROR',
          message: `the server does not speak IMAP: its greeting is not an IMAP greeting (${guard.foreign}); is this an IMAP port?`,
        });
      } else if (error instanceof CheckFailure) {
        const timeout = error.code === 'TIMEOUT' && guard.received === 0 ? greetingTimeout(connection.security, error.message) : error;
        recorder.record('GREETING', started, { ...failed, code: timeout.code, message: timeout.message });
      } else if (flag(error, 'tlsFailed') && !flag(error, 'authenticationFailed')) {
        recorder.record('TLS', started, {
          ...failed,
          code: 'STARTTLS_UNAVAILABLE',
          message: 'the server does not offer STARTTLS, which security STARTTLS requires; use TLS on port 993, or ask the server administrator',
        });
      } else if (flag(error, 'authenticationFailed')) {
        // The first refused token is retried by the caller with a fresh one.
        if (signIn && !signIn.retried) return 'TOKEN_REFUSED';
        recorder.record('AUTHENTICATION', started, {
          ...failed,
          code: 'AUTH_FAILED',
          message: `the server refused the ${signIn ? 'access token and a fresh one' : 'user name or password'}${responseText(error)}`,
          ...(signIn && { authMechanism: oauthMechanism(client) }),
        });
        if (signIn) return 'TOKEN_REFUSED';
      } else if (errorCode(error) === 'GREETING_TIMEOUT' || errorCode(error) === 'ETIMEOUT' || errorCode(error) === 'CONNECT_TIMEOUT') {
        const timeout = greetingTimeout(connection.security, 'the server sent no IMAP greeting in time');
        recorder.record('GREETING', started, { ...failed, code: timeout.code, message: timeout.message });
      } else {
        recorder.record('GREETING', started, {
          ...failed,
          code: 'PROTOCOL_ERROR',
          message: `the IMAP session could not be established${errorCode(error) ? ` (${errorCode(error)})` : ''}; is this an IMAP port?`,
        });
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
    if (connection.security !== 'TLS' && !recorder.steps.some((step) => step.name === 'TLS')) {
      recorder.record('TLS', started, {
        ok: true,
        skipped: true,
        code: null,
        message:
          connection.security === 'NONE'
            ? `security is NONE: the connection stays in clear text${guard.startTlsOffered ? ' although the server offers STARTTLS' : ''}`
            : 'the server does not offer STARTTLS: continuing in clear text, as STARTTLS_OPTIONAL allows',
      });
    }
    const capabilities = [...client.capabilities.keys()].map((name) => recorder.serverText(name));
    if (!connection.auth || !client.authenticated) {
      recorder.record('AUTHENTICATION', started, {
        ok: false,
        skipped: false,
        code: 'AUTH_FAILED',
        message: 'no incoming.user is set: a mailbox cannot be opened without logging in',
        extensions: capabilities,
      });
      return undefined;
    }
    recorder.record('AUTHENTICATION', started, {
      ok: true,
      skipped: false,
      code: null,
      message: signIn
        ? `greeted and signed in with the access token${signIn.retried ? ' (the first token was refused; a fresh one was accepted)' : ''}`
        : 'greeted and logged in',
      extensions: capabilities,
      ...(signIn && { authMechanism: oauthMechanism(client) }),
    });
    await recorder.run(
      'MAILBOX',
      async () => {
        try {
          lastLoggedError = undefined;
          const status = await client.status('INBOX', { messages: true, unseen: true });
          if (status === false) throw lastLoggedError ?? new Error('no STATUS answer');
          const count = status.messages ?? 0;
          return {
            message: `INBOX holds ${count} ${count === 1 ? 'message' : 'messages'}${status.unseen === undefined ? '' : `, ${status.unseen} unread`}; none was read, changed or deleted`,
            details: { messageCount: count, ...(status.unseen !== undefined && { unseenCount: status.unseen }) },
          };
        } catch (error) {
          noteSizeLimit(error);
          if (tooMuch()) throw new CheckFailure('PROTOCOL_ERROR', TOO_MUCH);
          throw new CheckFailure('MAILBOX_UNAVAILABLE', `the server could not report on INBOX${responseText(error)}`);
        }
      },
      connection.socketTimeout,
    );
    return undefined;
  } finally {
    await Promise.race([client.logout().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
    client.close();
  }
}
