import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Caller } from '../platform/auth/token-authenticator.js';
import { BadUserInputError, RateLimitedError, SendFailedError, UnavailableError } from '../platform/errors/domain-errors.js';
import type { MailSessionService } from '../mail-settings/mail-session.service.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import { AddressNotAllowedError } from '../platform/network/network-connect.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import { isEmailAddress } from '../platform/graphql/scalars.js';
import { RateLimiter } from '../platform/rate-limit/rate-limiter.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import type { MailboxConnection } from '../transport/mailbox-connection.js';
import type { OutgoingConnection } from '../transport/outgoing-connection.js';
import type { OutgoingTransportSpec } from '../transport/outgoing-transport.js';
import { SmtpTokenAuthError } from '../transport/smtp-oauth2-auth.js';
import { SYSTEM_TRUST, type TlsTrust } from '../transport/tls-trust.js';
import { buildTransports, type ServerTokenSources } from '../transport/transport-factory.js';
import { TransportUnavailableError, type TransportManager } from '../transport/transport-manager.js';
import type { BuildResult } from '../transport/transport-status.js';
import { StepRecorder } from './check-step.js';
import { errorOutcome, type MailCheckEvents, type ServerCheckOutcome } from './mail-check.events.js';
import { sendFailureVerdict, type SendContext } from './failure-classifier.js';
import { probeImap } from './imap-probe.js';
import type { MailSessionCandidateInput } from '../mail-settings/mail-session.input.js';
import type { SendTestEmailPayload, ServerCheckReport, TestMailSessionPayload } from './mail-check.type.js';
import { probePop3 } from './pop3-probe.js';
import { serverText } from './server-text.js';
import { probeSmtp, type SmtpProbeTarget } from './smtp-probe.js';

/** Time and rate limits of the checks; every field has a default. */
export interface MailCheckLimits {
  /** The whole test, both servers together (they run side by side). */
  wholeTestMs: number;
  /** One step, unless the settings' own timeout for it (mail.<p>.connectiontimeout / timeout) is smaller. */
  stepMs: number;
  /** testMailSession calls per caller per window. */
  testsPerWindow: number;
  /** sendTestEmail calls per caller per window. */
  emailsPerWindow: number;
  windowMs: number;
}

export const DEFAULT_MAIL_CHECK_LIMITS: MailCheckLimits = {
  wholeTestMs: 30_000,
  stepMs: 10_000,
  testsPerWindow: 10,
  emailsPerWindow: 5,
  windowMs: 60_000,
};

/** nodemailer's EHLO name when `mail.smtp.localhost` is not set: the FQDN, else `[127.0.0.1]`. */
function defaultEhloName(): string {
  const name = hostname();
  if (!name.includes('.')) return '[127.0.0.1]';
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) ? `[${name}]` : name;
}

/** The SMTP probe's target: the live transport's connection, with nodemailer's EHLO default. */
function smtpTarget(connection: OutgoingConnection, recipient: string | undefined): SmtpProbeTarget {
  const { name, authMethod, ...rest } = connection;
  return { ...rest, recipient, authMethod, ehloName: name ?? defaultEhloName() };
}

/**
 * Connection tests and test e-mails. A test builds its transports' options with the same
 * factory as the live transports, from the saved settings or from candidate settings merged
 * over them by the update rules (so the password re-entry rule applies), and saves nothing.
 */
export class MailCheckService {
  private readonly limits: MailCheckLimits;
  private readonly testLimiter: RateLimiter;
  private readonly emailLimiter: RateLimiter;

  constructor(
    private readonly settings: Pick<MailSessionService, 'candidate'>,
    private readonly secrets: SecretBox,
    private readonly transports: TransportManager,
    private readonly log: Logger,
    private readonly network: NetworkPolicy,
    limits: Partial<MailCheckLimits> = {},
    private readonly trust: TlsTrust = SYSTEM_TRUST,
    private readonly events: MailCheckEvents = {},
    /**
     * OAuth 2.0: the token caches of the settings under test (saved or candidate), one per side
     * that signs in with a token (src/transport/oauth2-sources.ts); default: none.
     */
    private readonly tokenSources: (row: StoredMailSession) => ServerTokenSources = () => ({}),
  ) {
    this.limits = { ...DEFAULT_MAIL_CHECK_LIMITS, ...limits };
    this.testLimiter = new RateLimiter({ limit: this.limits.testsPerWindow, windowMs: this.limits.windowMs });
    this.emailLimiter = new RateLimiter({ limit: this.limits.emailsPerWindow, windowMs: this.limits.windowMs });
  }

  /** `settings`: candidate settings merged over the saved ones; unset: the saved ones. `recipient`: the RCPT TO of the sender check; unset: the sender's own address. */
  async test(settings: MailSessionCandidateInput | null | undefined, caller: Caller, recipient?: string): Promise<TestMailSessionPayload> {
    const report = await this.runTest(settings, caller, recipient).catch((error: unknown) => {
      this.events.tested?.(errorOutcome(error), []);
      throw error;
    });
    this.events.tested?.(report.ok ? 'ok' : 'failed', serverOutcomes(report));
    return report;
  }

  /** Sends a real message through the live outgoing transport, from the default sender. */
  async sendTestEmail(to: string, caller: Caller): Promise<SendTestEmailPayload> {
    const result = await this.sendOne(to, caller).catch((error: unknown) => {
      this.events.emailed?.(errorOutcome(error));
      throw error;
    });
    this.events.emailed?.('ok');
    return result;
  }

  private async runTest(
    settings: MailSessionCandidateInput | null | undefined,
    caller: Caller,
    recipient: string | undefined,
  ): Promise<TestMailSessionPayload> {
    if (recipient !== undefined && /[\r\n]/.test(recipient)) throw new BadUserInputError('recipient must be a single e-mail address', { field: 'recipient' });
    this.admit(this.testLimiter, caller, 'testMailSession');
    const started = Date.now();
    // The candidate is `settings` of the input: its problems are named from there.
    const { current, row } = await this.settings.candidate(settings).catch((error: unknown) => {
      throw error instanceof BadUserInputError ? error.nestedUnder(['settings']) : error;
    });
    const built = buildTransports(row, this.secrets, this.log, this.network, this.trust, this.tokenSources(row));
    const deadline = started + this.limits.wholeTestMs;
    const [outgoing, incoming] = await Promise.all([
      this.testOutgoing(row, built.outgoing, deadline, recipient),
      this.testIncoming(row, built.incoming, deadline),
    ]);
    const tested = [outgoing, incoming].filter((report) => report.tested);
    const report: TestMailSessionPayload = {
      ok: tested.length > 0 && tested.every((server) => server.ok),
      candidate: Boolean(settings),
      baseVersion: current.version,
      durationMs: Date.now() - started,
      outgoing,
      incoming,
    };
    this.log.info(
      { caller: caller.name, candidate: report.candidate, ok: report.ok, outgoing: failedCode(outgoing), incoming: failedCode(incoming) },
      'mail settings tested',
    );
    return report;
  }

  private async sendOne(to: string, caller: Caller): Promise<SendTestEmailPayload> {
    if (/[\r\n]/.test(to)) throw new BadUserInputError('to must be a single e-mail address', { field: 'to' });
    this.admit(this.emailLimiter, caller, 'sendTestEmail');
    const live = this.transports.outgoingConnection();
    try {
      const info = await this.transports.send({
        to,
        subject: 'Test message from mail-session-service',
        text: `This is a test message, sent by ${caller.name} through the outgoing mail server configured in mail-session-service at ${new Date().toISOString()}.\n\nIf you can read it, outgoing mail works.\n`,
      });
      // nodemailer echoes the recipients given (an EmailAddress); anything else is left out rather than failing the answer.
      const addresses = (list: unknown[]) =>
        list
          .map((entry) => (typeof entry === 'string' ? entry : typeof entry === 'object' && entry && 'address' in entry ? String(entry.address) : ''))
          .filter(isEmailAddress);
      this.log.info({ caller: caller.name, messageId: info.messageId, accepted: info.accepted.length }, 'test e-mail sent');
      return { accepted: addresses(info.accepted), rejected: addresses(info.rejected), response: info.response, messageId: info.messageId };
    } catch (error) {
      if (error instanceof TransportUnavailableError) throw new UnavailableError(`${error.message}; nothing was sent`);
      this.log.warn({ err: error, caller: caller.name }, 'test e-mail failed');
      throw sendFailure(error, { security: live?.security ?? 'NONE', sender: live?.sender, recipient: to });
    }
  }

  private admit(limiter: RateLimiter, caller: Caller, operation: string): void {
    const decision = limiter.attempt(caller.name);
    if (!decision.allowed) {
      throw new RateLimitedError(
        `${operation} is limited to ${operation === 'sendTestEmail' ? this.limits.emailsPerWindow : this.limits.testsPerWindow} calls per ${Math.round(this.limits.windowMs / 1000)} s per caller`,
        Math.ceil(decision.retryAfterMs / 1000),
      );
    }
  }

  private async testOutgoing(
    row: StoredMailSession,
    built: BuildResult<OutgoingTransportSpec>,
    deadline: number,
    recipient: string | undefined,
  ): Promise<ServerCheckReport> {
    const base = { protocol: 'SMTP' as const, host: row.outgoingHost, port: row.outgoingPort, security: row.outgoingSecurity };
    if (built.state === 'DISABLED') return { ...base, tested: false, ok: false, steps: [] };
    const recorder = new StepRecorder(deadline, this.limits.stepMs);
    if (built.state === 'FAILED') {
      recorder.record('SETTINGS', Date.now(), { ok: false, skipped: false, code: 'SETTINGS_INVALID', message: built.error });
    } else {
      await probeSmtp(smtpTarget(built.value.connection, recipient), recorder, this.network);
    }
    return { ...base, tested: true, ok: !recorder.failed, steps: recorder.steps };
  }

  private async testIncoming(row: StoredMailSession, built: BuildResult<MailboxConnection>, deadline: number): Promise<ServerCheckReport> {
    const base = { protocol: row.incomingProtocol, host: row.incomingHost, port: row.incomingPort, security: row.incomingSecurity };
    if (built.state === 'DISABLED') return { ...base, tested: false, ok: false, steps: [] };
    const recorder = new StepRecorder(deadline, this.limits.stepMs);
    if (built.state === 'FAILED') {
      recorder.record('SETTINGS', Date.now(), { ok: false, skipped: false, code: 'SETTINGS_INVALID', message: built.error });
    } else if (built.value.protocol === 'IMAP') {
      await probeImap(built.value, recorder, this.network);
    } else {
      await probePop3(built.value, recorder, this.network);
    }
    return { ...base, tested: true, ok: !recorder.failed, steps: recorder.steps };
  }
}

function serverOutcomes(report: TestMailSessionPayload): ServerCheckOutcome[] {
  return (['outgoing', 'incoming'] as const).flatMap((server) => {
    const code = failedCode(report[server]);
    return code === null ? [] : [{ server, result: code === 'OK' ? 'ok' : code }];
  });
}

function failedCode(report: ServerCheckReport): string | null {
  if (!report.tested) return null;
  return report.steps.find((step) => !step.ok)?.code ?? 'OK';
}

/**
 * nodemailer's error as a client may see it: the code and hint the connection test would give
 * (`reason`, one classifier for both) and the server's reply, never nodemailer's message (which
 * can name hosts and quote the envelope).
 */
function sendFailure(error: unknown, context: Omit<SendContext, 'response'>): SendFailedError {
  if (error instanceof AddressNotAllowedError) {
    return new SendFailedError(`The test e-mail was not sent: ${error.message}`, { reason: 'ADDRESS_NOT_ALLOWED' });
  }
  // OAuth 2.0: no token could be had (the provider's error code), or the server refused two fresh
  // ones. The message names the refusal or the provider's error, masked of every token used.
  if (error instanceof SmtpTokenAuthError) {
    return new SendFailedError(`The test e-mail was not sent: ${serverText(error.message)}`, {
      reason: error.refusedByServer ? 'AUTH_FAILED' : 'TOKEN_FAILED',
    });
  }
  const field = (name: string): unknown =>
    typeof error === 'object' && error !== null && name in error ? (error as Record<string, unknown>)[name] : undefined;
  const response = typeof field('response') === 'string' ? serverText(String(field('response'))) : undefined;
  const responseCode = typeof field('responseCode') === 'number' ? Number(field('responseCode')) : undefined;
  const rejected = Array.isArray(field('rejected')) ? (field('rejected') as unknown[]).map(String) : undefined;
  const verdict = sendFailureVerdict(error, { ...context, response });
  return new SendFailedError(`The test e-mail was not sent: ${verdict.message}`, {
    reason: verdict.code,
    ...(responseCode !== undefined && { responseCode }),
    ...(rejected && { rejected }),
  });
}
