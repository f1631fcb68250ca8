import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Times every response of the service's HTTP server by method, route and status. The route is
 * the registered pattern (`/graphql`, `/readyz`), or `unmatched` for a 404, so a scan of random
 * paths adds no time series.
 */
export function registerHttpMetrics(http: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'mail_session_http_request_duration_seconds',
    help: 'Time from the start of an HTTP request to the end of its response, by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  http.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
