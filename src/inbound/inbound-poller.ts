import type { Logger } from 'pino';
import type { InboundReaderSettings } from '../config/inbound-reader-settings.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import type { MailboxConnection } from '../transport/mailbox-connection.js';
import { InboundStoreError, type FetchedMessageRepository } from './fetched-message.repository.js';
import type { InboundPollerRepository } from './inbound-poller.repository.js';
import type { InboundPollerRecord, InboundReaderStatus } from './inbound-reader.status.js';
import { preloadImapReading, readImap } from './imap-reader.js';
import { readPop3 } from './pop3-reader.js';
import { ParsePool } from './parse-pool.js';
import { mailboxKey, pause, type ReaderContext } from './reader-context.js';
import { ReaderLock } from './reader-lock.js';

/** The live incoming connection and its fingerprint (what `TransportManager` applied). */
export interface IncomingSource {
  incomingConnection(): MailboxConnection | undefined;
  incomingFingerprint(): string | undefined;
}

export interface InboundPollerOptions {
  databaseUrl: string;
  instanceId: string;
  settings: InboundReaderSettings;
  network: NetworkPolicy;
  log: Logger;
  transports: IncomingSource;
  messages: FetchedMessageRepository;
  records: InboundPollerRepository;
  /** False: poll IMAP servers even when they offer IDLE (tests of the polling path). */
  idle?: boolean;
  /** The compiled parse worker (`ParsePool`); undefined or missing: fetched messages are parsed on the main thread. */
  parseWorkerScript?: string | undefined;
  /** Parse worker threads (default 1). */
  parseWorkers?: number;
}

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;

/**
 * An error's text for admins, cut short; never a stack. A database error's own text may name
 * hosts, users or SQL: only its code is shown.
 */
function describe(error: unknown): string {
  if (error instanceof InboundStoreError || (error instanceof Error && error.name.startsWith('PrismaClient'))) {
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return `the message could not be stored: the database failed${code}; nothing was deleted, it is read again`;
  }
  const text = error instanceof Error ? error.message : String(error);
  const response = typeof error === 'object' && error !== null && 'responseText' in error ? `: ${String(error.responseText)}` : '';
  return `${text}${response}`.slice(0, 500);
}

/**
 * The deployment's one reader of the incoming mailbox. Every instance runs one; only the
 * instance holding the advisory lock (`ReaderLock`) reads. It follows the applied settings like
 * the transports: a changed incoming server (its fingerprint) ends the session and starts one
 * with the new settings; no incoming server: idle. A failed session is retried with backoff,
 * each time with a new client.
 */
export class InboundPoller {
  private readonly lock: ReaderLock;
  private readonly parser: ParsePool;
  private session: { controller: AbortController; done: Promise<void>; fingerprint: string | undefined } | undefined;
  private stopped = false;
  /** The lock is held and this instance's record has started over: sessions may start. */
  private recorded = false;
  /** The poller's record as last read (every instance re-reads it a third of the failover time apart). */
  private latest: InboundPollerRecord | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: InboundPollerOptions) {
    this.parser = new ParsePool({ workerScript: options.parseWorkerScript, workers: options.parseWorkers ?? 1, log: options.log });
    this.lock = new ReaderLock({
      databaseUrl: options.databaseUrl,
      applicationName: `mail-session-reader-${options.instanceId}`,
      failoverMs: options.settings.failoverMs,
      log: options.log,
      onAcquired: () => {
        // Only the poller reads mail: it loads what reading takes now (imapflow; mailparser on its
        // parse worker), not when the first session needs it.
        try {
          preloadImapReading();
          this.parser.start();
        } catch (error) {
          options.log.warn({ err: error }, 'could not load the IMAP reader modules; the session loading them will fail and be retried');
        }
        // The record starts over before the first poll adds to it, and the first session starts
        // after that, once: a settings version applied meanwhile does not start one of its own
        // (it used to, and the session was cut short and started again when the record was written).
        void options.records
          .took(options.instanceId, new Date())
          .catch((error: unknown) => options.log.warn({ err: error }, 'could not record the poller'))
          .finally(() => {
            if (!this.lock.held) return;
            this.recorded = true;
            void this.refresh();
            this.restart();
          });
      },
      onLost: () => {
        this.recorded = false;
        void this.end().then(() => this.parser.close());
      },
    });
  }

  /** Whether this instance is the poller now. */
  get reading(): boolean {
    return this.lock.held;
  }

  start(): void {
    this.lock.start();
    void this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh(), Math.max(100, Math.floor(this.options.settings.failoverMs / 3)));
    this.refreshTimer.unref();
  }

  /** A settings version was applied: a changed incoming server restarts reading. */
  settingsApplied(): void {
    if (!this.lock.held || !this.recorded || this.stopped) return;
    if (this.session?.fingerprint !== this.options.transports.incomingFingerprint()) this.restart();
  }

  /** Ends reading (the session's connection closes, nothing half-done is deleted) and releases the lock. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.refreshTimer);
    const ending = this.end();
    await this.lock.stop();
    await ending;
    await this.parser.close();
  }

  /**
   * What the deployment's poller last reported, as this instance last read it (at most a third
   * of the failover time old; at once on the poller itself); undefined before any instance read.
   */
  status(): InboundReaderStatus | undefined {
    const record = this.latest;
    return record && { ...record, thisInstance: this.lock.held && record.instanceId === this.options.instanceId };
  }

  private async refresh(): Promise<void> {
    try {
      this.latest = await this.options.records.get();
    } catch (error) {
      this.options.log.debug({ err: error }, 'could not read the inbound poller record');
    }
  }

  private restart(): void {
    void this.end();
    if (this.stopped || !this.lock.held) return;
    const controller = new AbortController();
    const fingerprint = this.options.transports.incomingFingerprint();
    this.session = { controller, fingerprint, done: this.loop(controller.signal) };
  }

  private end(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return Promise.resolve();
    session.controller.abort();
    return session.done;
  }

  private record(mailbox: string | null, stored: number, error: string | null): void {
    const { records, instanceId, log } = this.options;
    void records
      .polled(instanceId, mailbox, stored, error)
      .then(() => this.refresh())
      .catch((failure: unknown) => log.warn({ err: failure }, 'could not record the poll'));
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const { log, settings } = this.options;
    let failures = 0;
    while (!signal.aborted) {
      const connection = this.options.transports.incomingConnection();
      if (!connection) {
        log.info('inbound reader idle: no usable incoming server is configured');
        this.record(null, 0, null);
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        return;
      }
      const mailbox = mailboxKey(connection);
      const context: ReaderContext = {
        connection,
        network: this.options.network,
        messages: this.options.messages,
        parser: this.parser,
        maxMessageBytes: settings.maxMessageBytes,
        pollIntervalMs: settings.pollIntervalMs,
        idle: this.options.idle ?? true,
        log,
        signal,
        onPoll: (stored) => {
          failures = 0;
          if (stored > 0) log.info({ mailbox, stored }, 'inbound messages stored');
          this.record(mailbox, stored, null);
        },
      };
      try {
        log.info({ mailbox }, 'inbound reader connecting');
        await (connection.protocol === 'IMAP' ? readImap(context) : readPop3(context));
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        const retryInMs = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
        log.warn({ err: error, mailbox, retryInMs }, 'inbound reader session failed; reconnecting');
        this.record(mailbox, 0, describe(error));
        await pause(retryInMs, signal);
      }
    }
  }
}
