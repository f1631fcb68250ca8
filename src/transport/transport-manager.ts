import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import type { SendMailOptions } from 'nodemailer';
import type { Logger } from 'pino';
import type { BeforeEnd } from './hold-end.js';
import { OutgoingTransport, type OutgoingTransportSpec, type SentInfo } from './outgoing-transport.js';
import type { OutgoingConnection } from './outgoing-connection.js';
import type { MailboxConnection } from './mailbox-connection.js';
import type { BuildResult, TransportStatus } from './transport-status.js';

/** Thrown by `send` when there is no usable outgoing transport; the message says why. */
export class TransportUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportUnavailableError';
  }
}

export interface BuiltTransports {
  version: number;
  outgoing: BuildResult<OutgoingTransportSpec>;
  incoming: BuildResult<MailboxConnection>;
}

function initialStatus(): TransportStatus {
  return { state: 'DISABLED', appliedVersion: 0, changedAt: new Date(), lastError: null };
}

/**
 * Owns the live mail transports. `apply` swaps them for those of a newer settings version:
 * sends already handed to the old SMTP transport finish on it, new sends use the new one, and the
 * old one closes once idle. Nothing here touches the database.
 */
/** Why a token cache cannot sign in (its last fetch failed), safe to show; null when it can or there is none. */
function tokenFailure(tokens: AccessTokenSource | undefined): string | null {
  const status = tokens?.status();
  return status?.state === 'FAILED' ? `no access token: ${status.lastError ?? 'the token endpoint failed'}` : null;
}

function failedBy(status: TransportStatus, failure: string | null): TransportStatus {
  return failure !== null && status.state === 'READY' ? { ...status, state: 'FAILED', lastError: failure } : { ...status };
}

export class TransportManager {
  private outgoing: OutgoingTransport | undefined;
  private outgoingFingerprint: string | undefined;
  private incoming: MailboxConnection | undefined;
  private appliedIncomingFingerprint: string | undefined;
  private readonly retiring = new Set<Promise<void>>();
  private status: { outgoing: TransportStatus; incoming: TransportStatus } = { outgoing: initialStatus(), incoming: initialStatus() };
  private stopped = false;

  constructor(
    private readonly log: Logger,
    /** Called when a live transport's OAuth 2.0 sign-in starts failing or succeeds again (its state changes without a new version). */
    private readonly onSignInChange: () => void = () => undefined,
    /** SMTP connections each live transport may hold open at once: at least as many as sends go at once (nodemailer's default is 5). */
    private readonly smtpConnections = 5,
  ) {}

  get appliedVersion(): number {
    return this.status.outgoing.appliedVersion;
  }

  transportStatus(): { outgoing: TransportStatus; incoming: TransportStatus } {
    // OAuth 2.0: a live transport whose last token sign-in failed, or whose token cache cannot
    // obtain a token, is FAILED until one succeeds.
    const outgoingFailure = this.outgoing?.authFailure() ?? tokenFailure(this.outgoing?.spec.connection.oauth2?.tokens);
    const incomingFailure = tokenFailure(this.incoming?.oauth2?.tokens);
    return { outgoing: failedBy(this.status.outgoing, outgoingFailure), incoming: failedBy(this.status.incoming, incomingFailure) };
  }

  /** Connection options for the incoming mailbox, when one is configured and usable. */
  incomingConnection(): MailboxConnection | undefined {
    return this.incoming;
  }

  /** Identifies the incoming connection's effective settings: changes exactly when reading must restart. */
  incomingFingerprint(): string | undefined {
    return this.appliedIncomingFingerprint;
  }

  /** Swaps in transports built for `built.version`; older or equal versions are ignored. */
  apply(built: BuiltTransports): boolean {
    if (this.stopped || built.version <= this.appliedVersion) return false;
    const now = new Date();
    const out = built.outgoing;
    if (out.state === 'READY' && out.fingerprint === this.outgoingFingerprint && this.outgoing) {
      // Same effective settings (another field changed): keep the warm pool.
      this.status.outgoing = { ...this.status.outgoing, appliedVersion: built.version };
    } else {
      this.retireOutgoing();
      if (out.state === 'READY') {
        try {
          this.outgoing = new OutgoingTransport(built.version, out.value, () => this.signInChanged(), this.smtpConnections);
          this.outgoingFingerprint = out.fingerprint;
          this.status.outgoing = { state: 'READY', appliedVersion: built.version, changedAt: now, lastError: null };
        } catch (error) {
          this.status.outgoing = {
            state: 'FAILED',
            appliedVersion: built.version,
            changedAt: now,
            lastError: 'the SMTP transport could not be created from these settings',
          };
          this.log.error({ err: error, version: built.version }, 'outgoing transport could not be built');
        }
      } else {
        this.status.outgoing = {
          state: out.state,
          appliedVersion: built.version,
          changedAt: now,
          lastError: out.state === 'FAILED' ? out.error : null,
        };
      }
    }
    const inc = built.incoming;
    const incomingChanged = inc.state !== 'READY' || inc.fingerprint !== this.appliedIncomingFingerprint;
    this.incoming = inc.state === 'READY' ? inc.value : undefined;
    this.appliedIncomingFingerprint = inc.state === 'READY' ? inc.fingerprint : undefined;
    this.status.incoming = {
      state: inc.state,
      appliedVersion: built.version,
      changedAt: incomingChanged || this.status.incoming.state !== inc.state ? now : this.status.incoming.changedAt,
      lastError: inc.state === 'FAILED' ? inc.error : null,
    };
    this.log.info({ version: built.version, outgoing: this.status.outgoing.state, incoming: this.status.incoming.state }, 'mail transports applied');
    return true;
  }

  /** Where and how the current outgoing transport connects (security, envelope sender); undefined when there is none. */
  outgoingConnection(): OutgoingConnection | undefined {
    return this.outgoing?.spec.connection;
  }

  /** Sends through the transport current at the time of the call; with `beforeEnd`, the end of DATA waits for it (see OutgoingTransport.send). */
  send(message: SendMailOptions, beforeEnd?: BeforeEnd): Promise<SentInfo> {
    const transport = this.outgoing;
    if (!transport || this.stopped) {
      const status = this.status.outgoing;
      const why = status.state === 'FAILED' ? `it failed: ${status.lastError ?? 'unknown error'}` : 'no outgoing SMTP server is configured';
      return Promise.reject(new TransportUnavailableError(`The outgoing mail transport is ${status.state}: ${why}`));
    }
    const { defaultFrom, envelopeFrom } = transport.spec;
    const mail: SendMailOptions = { ...message, from: message.from ?? defaultFrom };
    if (envelopeFrom && !message.envelope) {
      mail.envelope = { from: envelopeFrom, to: message.to, cc: message.cc, bcc: message.bcc };
    }
    return transport.send(mail, beforeEnd);
  }

  /** Stops taking sends, lets those in flight finish (at most `timeoutMs`), closes every transport. */
  async close(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.retireOutgoing();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(this.retiring), timeout]);
    clearTimeout(timer);
  }

  private signInChanged(): void {
    try {
      this.onSignInChange();
    } catch (error) {
      // A listener's failure must not fail the send whose sign-in it was told of.
      this.log.error({ err: error }, 'a listener of sign-in changes failed');
    }
  }

  private retireOutgoing(): void {
    const old = this.outgoing;
    this.outgoing = undefined;
    this.outgoingFingerprint = undefined;
    if (!old) return;
    const done = old.retire().then(() => {
      this.retiring.delete(done);
      this.log.debug({ version: old.version }, 'retired outgoing transport closed');
    });
    this.retiring.add(done);
  }
}
