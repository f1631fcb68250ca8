import { Client } from 'pg';
import type { Logger } from 'pino';

/** The channel the `mail_session` trigger notifies, with the new version as payload. */
export const CHANGE_CHANNEL = 'mail_session_changed';

export interface ChangeListenerOptions {
  databaseUrl: string;
  /** Shown in pg_stat_activity, so operators (and tests) can find this connection. */
  applicationName: string;
  reconnectMs: number;
  log: Logger;
  /** A committed change announced its version. */
  onChange: (version: number) => void;
  /** (Re)connected: notifications may have been missed meanwhile. */
  onConnect: () => void;
  /** More channels to LISTEN on (names of letters, digits and _), each with what to do with a payload. */
  channels?: Readonly<Record<string, (payload: string) => void>>;
}

/**
 * LISTENs for committed settings changes on a dedicated connection (not the Prisma pool, whose
 * connections come and go). Reconnects forever until stopped.
 */
export class ChangeListener {
  private client: Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectedFlag = false;

  constructor(private readonly options: ChangeListenerOptions) {}

  get connected(): boolean {
    return this.connectedFlag;
  }

  /** Resolves once the first LISTEN is in place; rejects if that first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    this.connectedFlag = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { log } = this.options;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: this.options.applicationName });
    const channels = this.options.channels ?? {};
    client.on('notification', (message) => {
      const version = Number(message.payload);
      if (message.channel === CHANGE_CHANNEL && Number.isInteger(version)) this.options.onChange(version);
      else if (message.payload !== undefined && Object.hasOwn(channels, message.channel)) channels[message.channel]?.(message.payload);
    });
    client.on('error', (error) => {
      log.warn({ err: error }, 'change listener connection failed');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      for (const channel of Object.keys(channels)) {
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
        await client.query(`LISTEN ${channel}`);
      }
    } catch (error) {
      this.lost(client);
      throw error;
    }
    if (this.stopped || this.client !== client) return;
    this.connectedFlag = true;
    log.info('change listener connected');
    this.options.onConnect();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.connectedFlag = false;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.options.log.warn({ retryInMs: this.options.reconnectMs }, 'change listener disconnected; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.connect().catch((error: unknown) => {
        this.options.log.warn({ err: error }, 'change listener reconnect failed');
      });
    }, this.options.reconnectMs);
    this.reconnectTimer.unref();
  }
}
