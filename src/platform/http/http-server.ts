import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { HttpLimits } from '../../config/http-settings.js';
import { clientErrorHandler, pathOf, requestLogSerializers } from './request-logs.js';
import { serverTimeouts } from './timeouts.js';

/**
 * The Fastify server with the service's request ids, request logs, limits and timeouts, and the
 * hooks every request goes through; routes and plugins are registered by the composition root.
 * `trustProxy`: addresses and networks whose X-Forwarded-For gives `request.ip`; unset: none.
 */
export function createHttpServer(log: Logger, httpLimits: HttpLimits, trustProxy: readonly string[] | undefined): FastifyInstance {
  // Fastify's own `req` serializer writes the URL with its query string; ours, the path only.
  // Typed as Fastify's base logger so that the instance's type does not carry pino's.
  const httpLog: FastifyBaseLogger = log.child({}, { serializers: requestLogSerializers });
  const http = Fastify({
    loggerInstance: httpLog,
    clientErrorHandler,
    ...serverTimeouts(httpLimits),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: httpLimits.bodyLimitBytes,
    // The failure limiter counts per request.ip: behind a listed proxy, the client's address from X-Forwarded-For.
    trustProxy: trustProxy === undefined ? false : [...trustProxy],
    // Fastify logs two info lines per request; under load that was a visible share of the read
    // path. One line per request at debug instead; errors are logged at error whatever the level.
    logController: new Fastify.LogController({ disableRequestLogging: true }),
  });
  // Hooks run on every request: synchronous ones where nothing is awaited, and none that would
  // only produce a log line the level drops.
  if (log.isLevelEnabled('debug')) {
    http.addHook('onResponse', (request, reply, done) => {
      request.log.debug({ method: request.method, path: pathOf(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
      done();
    });
  }
  http.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  return http;
}
