import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { graphqlMetricsPlugin } from './graphql-metrics.js';
import { registerHttpMetrics } from './http-metrics.js';
import { registerLiveStateMetrics, type LiveStateSources } from './live-state-metrics.js';
import { registerMailCheckMetrics } from './mail-check-metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { registerOutboundMetrics, type OutboundBacklogSource } from './outbound-metrics.js';

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Counts and times GraphQL requests; goes into Apollo Server's plugins. */
  readonly graphqlPlugin: ApolloServerPlugin;
  /** The mail check service's events (MailCheckEvents). */
  readonly mailChecks: ReturnType<typeof registerMailCheckMetrics>;
  /** Application mail: counts this instance's delivery attempts by outcome. */
  readonly outbound: ReturnType<typeof registerOutboundMetrics>;
  /** Counts a change listener connection; its `onConnect` calls it. */
  listenerConnected(): void;
  /** Times every response of the API's HTTP server. */
  observeHttp(http: FastifyInstance): void;
  /** Starts the listener that serves `/metrics`. */
  listen(where: { host: string; port: number }): Promise<MetricsServer>;
}

/**
 * Every metric of one app instance, on a registry of its own (prom-client's global one would mix
 * the apps a test process builds). Node's process metrics keep their standard names
 * (`process_*`, `nodejs_*`) so that stock dashboards read them; ours start with `mail_session_`.
 */
export function createServiceMetrics(options: { instanceId: string; outboundBacklog: OutboundBacklogSource } & LiveStateSources): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'mail_session_instance_info',
    help: 'Always 1; instance_id is the id this instance writes in its logs and in pg_stat_activity',
    labelNames: ['instance_id'] as const,
    registers: [registry],
  }).set({ instance_id: options.instanceId }, 1);
  const live = registerLiveStateMetrics(registry, options);
  return {
    registry,
    graphqlPlugin: graphqlMetricsPlugin(registry),
    mailChecks: registerMailCheckMetrics(registry),
    outbound: registerOutboundMetrics(registry, options.outboundBacklog),
    listenerConnected: () => live.listenerConnected(),
    observeHttp: (http) => registerHttpMetrics(http, registry),
    listen: (where) => startMetricsServer(registry, where),
  };
}
