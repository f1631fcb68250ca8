import type { Transporter } from 'nodemailer';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import { createTransport } from 'nodemailer';
import type { OutgoingConnection } from './outgoing-connection.js';
import { supportHeldEnd, withHeldEnd, type BeforeEnd } from './hold-end.js';
import { maskSecrets, secretForms } from './secret-mask.js';
import { SERVICE_XOAUTH2, smtpXoauth2Handler, type TokenAuthOutcome } from './smtp-oauth2-auth.js';

/** Everything needed to build the SMTP transport of one settings version. */
export interface OutgoingTransportSpec {
  options: SMTPPoolOptions & { pool: true };
  /** From header used when a message names none. */
  defaultFrom: { name: string; address: string } | undefined;
  /** `mail.smtp.from`: the envelope sender (MAIL FROM), when it differs from the From header. */
  envelopeFrom: string | undefined;
  /** What `options` were derived from, for a connection check that must do the same. */
  connection: OutgoingConnection;
}

export type SentInfo = SMTPPoolSentMessageInfo & { transportVersion: number };

/**
 * One pooled SMTP transport and the sends handed to it. Closing is deferred until the last send
 * in flight has settled: nodemailer's pool fails every queued message when closed early.
 */
export class OutgoingTransport {
  private readonly transporter: Transporter<SMTPPoolSentMessageInfo>;
  private inFlight = 0;
  private retired = false;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];
  /** The password's forms (and the forms of every access token used), masked out of the server's text before a caller sees it. */
  private readonly secrets: string[];
  /** OAuth 2.0: why the last token sign-in failed (null: it succeeded, or none yet). */
  private tokenAuthError: string | null = null;

  constructor(
    readonly version: number,
    readonly spec: OutgoingTransportSpec,
    /** OAuth 2.0: called when the outcome of the token sign-in changes (failed, or succeeded again). */
    private readonly onAuthChange: () => void = () => undefined,
    /** Connections the pool may hold open at once (nodemailer's `maxConnections`, default 5). */
    connections = 5,
  ) {
    const oauth2 = spec.connection.oauth2;
    const options = { ...spec.options, maxConnections: connections };
    this.transporter = createTransport(
      oauth2
        ? { ...options, customAuth: { [SERVICE_XOAUTH2]: smtpXoauth2Handler(oauth2.user, oauth2.tokens, (outcome) => this.onTokenAuth(outcome)) } }
        : options,
    );
    supportHeldEnd(this.transporter);
    const auth = spec.options.auth;
    this.secrets = secretForms(auth && typeof auth.user === 'string' && typeof auth.pass === 'string' ? { user: auth.user, pass: auth.pass } : undefined);
  }

  /** OAuth 2.0 only: why the last sign-in failed (the server refused two fresh tokens, or none could be had); null otherwise. */
  authFailure(): string | null {
    return this.tokenAuthError;
  }

  private onTokenAuth(outcome: TokenAuthOutcome): void {
    const user = this.spec.connection.oauth2?.user ?? '';
    for (const token of outcome.tokens) {
      for (const form of secretForms({ user, pass: token })) if (!this.secrets.includes(form)) this.secrets.push(form);
    }
    this.secrets.sort((a, b) => b.length - a.length);
    const changed = this.tokenAuthError !== outcome.error;
    this.tokenAuthError = outcome.error;
    if (changed) this.onAuthChange();
  }

  /**
   * Sends one message. The server's reply (in the result, or in nodemailer's error as `response`
   * and in its message) comes back with the password masked: a server may echo what it was sent.
   * With `beforeEnd`, the `.` that ends DATA waits for its promise, asked for once the message is
   * written (the send fails, the message unfinished, if it rejects).
   */
  async send(message: Parameters<Transporter['sendMail']>[0], beforeEnd?: BeforeEnd): Promise<SentInfo> {
    if (this.closed) throw new Error('transport already closed');
    this.inFlight++;
    try {
      const info = await this.transporter.sendMail(withHeldEnd(message, beforeEnd));
      return { ...info, response: maskSecrets(info.response, this.secrets), transportVersion: this.version };
    } catch (error) {
      throw this.masked(error);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.onIdle();
    }
  }

  private masked(error: unknown): unknown {
    if (this.secrets.length === 0 || !(error instanceof Error)) return error;
    error.message = maskSecrets(error.message, this.secrets);
    if (error.stack) error.stack = maskSecrets(error.stack, this.secrets);
    const fields = error as Error & { response?: unknown; lastServerResponse?: unknown };
    if (typeof fields.response === 'string') fields.response = maskSecrets(fields.response, this.secrets);
    if (typeof fields.lastServerResponse === 'string') fields.lastServerResponse = maskSecrets(fields.lastServerResponse, this.secrets);
    return error;
  }

  /** No new sends will come; close as soon as those in flight have settled. */
  retire(): Promise<void> {
    this.retired = true;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.inFlight === 0) this.onIdle();
    return idle;
  }

  private onIdle(): void {
    if (!this.retired) return;
    if (!this.closed) {
      this.closed = true;
      this.transporter.close();
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
