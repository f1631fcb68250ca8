import { Counter, Gauge, type Registry } from 'prom-client';

/** What the gauges read of one live transport: the fields of TransportStatus they need. */
export interface TransportStateView {
  state: string;
  appliedVersion: number;
}

export interface LiveStateSources {
  transports: () => { outgoing: TransportStateView; incoming: TransportStateView };
  listenerConnected: () => boolean;
  /** Open `mailSessionChanged` WebSocket connections. */
  subscriptionSockets?: () => number;
}

const STATES = ['READY', 'DISABLED', 'FAILED'] as const;

/**
 * Gauges read at each scrape from the live objects, so they cannot drift from what the API
 * reports: each transport's state and applied settings version, and whether the change listener
 * is connected. Returns the one event counted as it happens: a change listener (re)connection.
 */
export function registerLiveStateMetrics(registry: Registry, sources: LiveStateSources): { listenerConnected(): void } {
  new Gauge({
    name: 'mail_session_transport_state',
    help: 'Live mail transport state: 1 for the state the transport is in, 0 for the others (outgoing SMTP, incoming POP3/IMAP)',
    labelNames: ['transport', 'state'] as const,
    registers: [registry],
    collect() {
      for (const [transport, status] of Object.entries(sources.transports())) {
        for (const state of STATES) this.set({ transport, state }, status.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'mail_session_transport_applied_version',
    help: 'The settings version each live mail transport was built from; 0 before any settings were applied',
    labelNames: ['transport'] as const,
    registers: [registry],
    collect() {
      for (const [transport, status] of Object.entries(sources.transports())) this.set({ transport }, status.appliedVersion);
    },
  });
  new Gauge({
    name: 'mail_session_change_listener_connected',
    help: '1 while the connection that LISTENs for settings changes made by other instances is up, else 0',
    registers: [registry],
    collect() {
      this.set(sources.listenerConnected() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'mail_session_subscription_sockets',
    help: 'Open GraphQL subscription (graphql-ws) WebSocket connections on this instance',
    registers: [registry],
    collect() {
      this.set(sources.subscriptionSockets?.() ?? 0);
    },
  });
  const connections = new Counter({
    name: 'mail_session_change_listener_connections_total',
    help: 'Connections of the change listener: 1 at start, one more for each reconnection after a loss',
    registers: [registry],
  });
  return { listenerConnected: () => connections.inc() };
}
