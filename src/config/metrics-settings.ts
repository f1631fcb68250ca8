import { integer, text, type Env } from './env-values.js';

/** Where the Prometheus metrics listener serves `/metrics`. */
export interface MetricsSettings {
  readonly port: number;
  readonly host: string;
}

/** Loopback: metrics name this service's operations and settings versions, for the local scraper only unless opened up. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

/**
 * `METRICS_PORT`: the port of a separate listener that serves Prometheus metrics at `/metrics`;
 * unset: no listener, no metrics collected. `METRICS_HOST`: its address, default 127.0.0.1; read
 * only with `METRICS_PORT` (an image may set it once for whoever turns metrics on).
 */
export function metricsSettingsFrom(env: Env): MetricsSettings | undefined {
  if (text(env, 'METRICS_PORT') === undefined) return undefined;
  return Object.freeze({ port: integer(env, 'METRICS_PORT', 0, 1, 65535), host: text(env, 'METRICS_HOST') ?? DEFAULT_METRICS_HOST });
}
