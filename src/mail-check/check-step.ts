/**
 * The steps of a connection test and how they are timed and recorded. Protocol probes run each
 * step through a `StepRecorder`, which bounds it by its own limit and by the whole test's
 * deadline, and turns a thrown `CheckFailure` into a failed step with its code. Every step
 * passes its `record`, the one place where the password is masked out of what the report shows.
 */
import { maskSecrets, secretForms, type MaskedCredentials } from '../transport/secret-mask.js';
import { serverText } from './server-text.js';

/** Why a step failed: a closed set, mirrored by the GraphQL enum `MailCheckFailureCode`. */
export type CheckFailureCode =
  | 'HOST_NOT_FOUND'
  | 'DNS_FAILED'
  | 'ADDRESS_NOT_ALLOWED'
  | 'CONNECTION_REFUSED'
  | 'NETWORK_UNREACHABLE'
  | 'TIMEOUT'
  | 'CONNECTION_CLOSED'
  | 'TLS_HANDSHAKE_FAILED'
  | 'CERTIFICATE_UNTRUSTED'
  | 'CERTIFICATE_EXPIRED'
  | 'CERTIFICATE_NAME_MISMATCH'
  | 'STARTTLS_UNAVAILABLE'
  | 'CLIENT_REJECTED'
  | 'PROTOCOL_ERROR'
  | 'AUTH_UNAVAILABLE'
  | 'AUTH_FAILED'
  | 'SENDER_NOT_SET'
  | 'SENDER_REFUSED'
  | 'RECIPIENT_REFUSED'
  | 'MESSAGE_REFUSED'
  | 'MAILBOX_UNAVAILABLE'
  | 'SETTINGS_INVALID'
  | 'TOKEN_FAILED';

/** The ways a test logs in, mirrored by the GraphQL enum `MailAuthMechanism`. */
export type AuthMechanismName = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'USER/PASS' | 'XOAUTH2' | 'OAUTHBEARER';

export type CheckStepName = 'SETTINGS' | 'DNS' | 'TCP' | 'TLS' | 'GREETING' | 'TOKEN' | 'AUTHENTICATION' | 'SENDER' | 'MAILBOX';

export interface CertificateDetails {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: Date;
  validTo: Date;
  fingerprint256: string;
}

export interface TlsDetails {
  /** `IMPLICIT` (TLS from the first byte) or `STARTTLS` (upgraded). */
  mode: 'IMPLICIT' | 'STARTTLS';
  /** e.g. `TLSv1.3`. */
  protocol: string | null;
  cipher: string | null;
  /** Whether the certificate chain and host name verified; false also when checks were turned off. */
  verified: boolean;
  /** Why it did not verify, in OpenSSL's or Node's words (e.g. `CERT_HAS_EXPIRED`). */
  verificationError: string | null;
  certificate: CertificateDetails | null;
}

/** TOKEN: what obtaining the OAuth 2.0 access token showed; never the token or a secret. */
export interface TokenDetails {
  /** The token endpoint as `host:port`. */
  endpoint: string;
  reached: boolean;
  tlsVerified: boolean;
  grantAccepted: boolean;
  scopeGranted: string | null;
  expiresAt: Date | null;
}

/** What a step learned; every field optional, each step sets its own. */
export interface StepDetails {
  remoteAddress?: string;
  tls?: TlsDetails;
  greeting?: string;
  extensions?: string[];
  /** How AUTHENTICATION logged in: an SMTP SASL mechanism, or POP3 USER/PASS. */
  authMechanism?: AuthMechanismName;
  sender?: string;
  /** SENDER: the RCPT TO address tried (the test recipient, else the sender). */
  recipient?: string;
  messageCount?: number;
  unseenCount?: number;
  token?: TokenDetails;
}

export interface CheckStep extends StepDetails {
  name: CheckStepName;
  ok: boolean;
  /** True when the step did not apply (no TLS asked for, no user to log in with). */
  skipped: boolean;
  durationMs: number;
  code: CheckFailureCode | null;
  message: string;
}

/** A step's failure with its code. The message is shown to the administrator: never a secret. */
export class CheckFailure extends Error {
  constructor(
    readonly code: CheckFailureCode,
    message: string,
    readonly details: StepDetails = {},
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** The outcome a step function returns when it succeeds. */
export interface StepOutcome {
  message: string;
  details?: StepDetails;
  skipped?: boolean;
}

/**
 * Records the ordered steps of one server's test. A step gets the smaller of its own limit and
 * what is left of the whole test; `signal` aborts when that runs out, so step functions can
 * close their sockets.
 */
export class StepRecorder {
  readonly steps: CheckStep[] = [];
  private secrets: string[] = [];
  /** Set on the recorder of a second connection (see `again`): the recorder of the first. */
  private first: StepRecorder | undefined;

  constructor(
    private readonly deadline: number,
    private readonly stepLimitMs: number,
  ) {}

  /**
   * Names the credentials the probe will send: from now on their password, in every form it
   * is sent in, is masked out of every recorded step (a server may echo what it was sent).
   */
  conceal(credentials: MaskedCredentials | undefined): void {
    this.secrets = [...new Set([...this.secrets, ...secretForms(credentials)])].sort((a, b) => b.length - a.length);
    this.first?.conceal(credentials);
  }

  /**
   * The recorder of a second connection to the same server (an IMAP sign-in retried with a fresh
   * token, which needs a new connection): the same deadline and concealed secrets. A step that
   * passed on the first connection and passes again is not repeated in this report; every other
   * step (a failure, a step the first connection never reached) is recorded here too, in order.
   */
  again(): StepRecorder {
    const second = new StepRecorder(this.deadline, this.stepLimitMs);
    second.secrets = [...this.secrets];
    second.first = this;
    return second;
  }

  /** A protocol-speaking server's text, masked and bounded for a step's message: see `serverText`. */
  serverText(text: string): string {
    return serverText(text, this.secrets);
  }

  /** Milliseconds the next step may take. */
  limit(stepLimitMs = this.stepLimitMs): number {
    return Math.max(0, Math.min(stepLimitMs, this.deadline - Date.now()));
  }

  get failed(): boolean {
    return this.steps.some((step) => !step.ok);
  }

  /**
   * Runs one step; returns its outcome, or undefined when it failed (then recorded with its
   * code). `fn` receives the time it may take; exceeding it fails the step with TIMEOUT, or with
   * what `onTimeout` makes of the timeout's text (a hint of what a silent server may mean).
   */
  async run(
    name: CheckStepName,
    fn: (limitMs: number, signal: AbortSignal) => Promise<StepOutcome>,
    stepLimitMs?: number,
    onTimeout: (text: string) => CheckFailure = (text) => new CheckFailure('TIMEOUT', text),
  ): Promise<StepOutcome | undefined> {
    const started = Date.now();
    const limitMs = this.limit(stepLimitMs);
    const wholeTestRanOut = limitMs < (stepLimitMs ?? this.stepLimitMs);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const what = wholeTestRanOut ? "the whole test's time limit ran out" : `no answer within ${limitMs} ms`;
        reject(onTimeout(`${stepLabel(name)}: ${what}`));
        controller.abort();
      }, limitMs);
    });
    try {
      const outcome = await Promise.race([fn(limitMs, controller.signal), timeout]);
      this.record(name, started, { ok: true, skipped: outcome.skipped ?? false, code: null, message: outcome.message, ...outcome.details });
      return outcome;
    } catch (error) {
      controller.abort();
      const failure = error instanceof CheckFailure ? error : new CheckFailure('PROTOCOL_ERROR', `${stepLabel(name)} failed unexpectedly`);
      this.record(name, started, { ok: false, skipped: false, code: failure.code, message: failure.message, ...failure.details });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Records a step whose work happened elsewhere (e.g. inside a client library's connect). */
  record(name: CheckStepName, startedAt: number, result: Omit<CheckStep, 'name' | 'durationMs'>): void {
    const step = masked({ name, durationMs: Date.now() - startedAt, ...result }, this.secrets);
    this.steps.push(step);
    const first = this.first;
    if (first && !(step.ok && first.steps.some((earlier) => earlier.name === name && earlier.ok))) first.steps.push(step);
  }
}

/** Every string in a step (message, greeting, extensions, certificate names) with the secrets masked. */
function masked<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return maskSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => masked(item, secrets)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, masked(item, secrets)])) as T;
  }
  return value;
}

function stepLabel(name: CheckStepName): string {
  return {
    SETTINGS: 'Reading the settings',
    DNS: 'Resolving the host name',
    TCP: 'Connecting',
    TLS: 'TLS handshake',
    GREETING: 'Waiting for the greeting',
    TOKEN: 'Obtaining the OAuth 2.0 access token',
    AUTHENTICATION: 'Authentication',
    SENDER: 'Sender check',
    MAILBOX: 'Opening the mailbox',
  }[name];
}
