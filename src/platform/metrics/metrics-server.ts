import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { ConfigError } from '../../config/config-error.js';

export interface MetricsServer {
  /** e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

/** A failed listen as a start-up error that names the setting to change. */
function listenError(error: unknown, where: { host: string; port: number }): ConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const [variable, why] =
    code === 'EADDRINUSE' || code === 'EACCES'
      ? ['METRICS_PORT', 'the port is taken, or below 1024 without the right to it: choose another']
      : ['METRICS_HOST', 'expected an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for every interface'];
  return new ConfigError(variable, `the metrics listener cannot listen on ${where.host} port ${where.port} (${code}: ${why})`);
}

/**
 * A listener of its own for `GET /metrics` (Prometheus text format), apart from the API's server:
 * it can stay on loopback or an internal network while the API is public, needs no token, and
 * keeps answering while the API drains. Anything else gets 404.
 */
/** @throws ConfigError naming METRICS_PORT or METRICS_HOST when it cannot listen. */
export async function startMetricsServer(registry: Registry, where: { host: string; port: number }): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n'),
    );
  });
  // Slow or idle scrapers hold no connection for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw listenError(error, where);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
