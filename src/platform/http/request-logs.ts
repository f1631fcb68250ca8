import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/domain-errors.js';

/**
 * A request's path without its query string. A GET operation carries its whole text and variables
 * in the query string, passwords included: no log line may hold more of a URL than this.
 */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

/**
 * pino serializers for the logger Fastify is given: Fastify's own `req` serializer writes the full
 * URL, and a logger's serializers take precedence over Fastify's.
 */
export const requestLogSerializers = {
  req: (request: LoggedRequest) => ({ method: request.method, path: pathOf(request.url ?? ''), remoteAddress: request.ip }),
};

/** The status and text for a connection-level error, as Fastify's default handler gives them. */
function answerFor(code: string): { status: number; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, message: 'Client Timeout' };
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: 'Exceeded maximum allowed HTTP header size' };
  return { status: 400, message: 'Client Error' };
}

/**
 * Node's `clientError` handler (request timeouts, malformed requests). Fastify's default logs the
 * error object, and Node puts the raw bytes of a malformed request on it (`rawPacket`), request
 * line and query string included; this one logs the error code only.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code = error.code ?? 'UNKNOWN';
  const { status, message } = answerFor(code);
  this.log.debug({ code, status, remoteAddress: socket.remoteAddress }, 'connection closed: client error');
  if (socket.writable) {
    const body = JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
