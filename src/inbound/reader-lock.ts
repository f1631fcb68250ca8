import { Client } from 'pg';
import type { Logger } from 'pino';

/** The advisory lock whose holder is the deployment's one inbound mail poller (an arbitrary, fixed key). */
export const READER_LOCK_KEY = '7217001701';

export interface ReaderLockOptions {
  databaseUrl: string;
  /** Shown in pg_stat_activity, so operators (and tests) can find the lock's connection. */
  applicationName: string;
  /** Takeover bound: tries and heartbeats run a third of it apart. */
  failoverMs: number;
  log: Logger;
  /** This instance now holds the lock. */
  onAcquired: () => void;
  /** This instance no longer holds it (its connection failed or stopped answering). */
  onLost: () => void;
}

/**
 * A PostgreSQL session advisory lock held on a dedicated connection (not the Prisma pool, whose
 * connections come and go): PostgreSQL releases it when that connection's backend ends, so when
 * the holder dies (or its connection does), another instance's next try takes it. The holder
 * checks its connection as often as the others try, and gives up reading as soon as it fails.
 */
export class ReaderLock {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private heldFlag = false;
  private stopped = false;
  private ticking: Promise<void> | undefined;

  constructor(private readonly options: ReaderLockOptions) {}

  get held(): boolean {
    return this.heldFlag;
  }

  private get intervalMs(): number {
    return Math.max(100, Math.floor(this.options.failoverMs / 3));
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops trying; releases the lock (ending its connection) when held. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const client = this.client;
    this.client = undefined;
    const wasHeld = this.heldFlag;
    this.heldFlag = false;
    if (client) {
      if (wasHeld) await client.query('SELECT pg_advisory_unlock($1::bigint)', [READER_LOCK_KEY]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
    if (wasHeld) this.options.onLost();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        this.schedule(this.intervalMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      if (this.stopped) return;
      if (this.heldFlag) {
        await client.query('SELECT 1');
        return;
      }
      const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [READER_LOCK_KEY]);
      if (result.rows[0]?.locked === true && !this.stopped && this.client === client) {
        this.heldFlag = true;
        this.options.log.info('inbound reader lock acquired: this instance reads the incoming mailbox');
        this.options.onAcquired();
      }
    } catch (error) {
      this.options.log.warn({ err: error }, 'inbound reader lock connection failed');
      this.drop(this.client);
    }
  }

  private async connect(): Promise<Client> {
    const seconds = Math.max(1, Math.ceil(this.intervalMs / 1000));
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: this.options.applicationName,
      keepAlive: true,
      // A check unanswered for the whole failover time counts as a lost connection. Not sooner:
      // on a loaded machine a slow answer is no lost lock, and giving up then only stops reading.
      query_timeout: this.options.failoverMs,
      connectionTimeoutMillis: this.options.failoverMs,
      // The server side notices a vanished holder (no FIN: a cut network) by keepalives, then frees the lock.
      options: `-c tcp_keepalives_idle=${seconds} -c tcp_keepalives_interval=${seconds} -c tcp_keepalives_count=2`,
    });
    client.on('error', (error) => {
      this.options.log.warn({ err: error }, 'inbound reader lock connection failed');
      this.drop(client);
    });
    client.on('end', () => this.drop(client));
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.drop(client);
      throw error;
    }
    return client;
  }

  private drop(client: Client | undefined): void {
    if (!client || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (!this.heldFlag) return;
    this.heldFlag = false;
    this.options.log.warn('inbound reader lock lost: this instance stops reading the incoming mailbox');
    this.options.onLost();
  }
}
