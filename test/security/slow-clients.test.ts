/**
 * Issue 10, class 8: connections that never end. A client that sent its headers and 10 bytes of a
 * 100 KB body held its connection for 150 s and more: Fastify's request and connection timeouts
 * were 0. Here the timeouts are short, and each slow client must see its connection closed within
 * them (plus Node's checking interval and a margin for a loaded machine).
 */
import { connect, type Socket } from 'node:net';
import { loadConfig } from '../../src/config/env';
import { DEFAULT_HTTP_LIMITS } from '../../src/config/http-settings';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';

const REQUEST_TIMEOUT_MS = 1_500;
const HEADERS_TIMEOUT_MS = 800;
const KEEP_ALIVE_TIMEOUT_MS = 500;
const CONNECTION_TIMEOUT_MS = 3_000;
/** Node checks the timeouts on a timer (a tenth of the header timeout here); then a loaded machine. */
const MARGIN_MS = 1_500;

interface Closed {
  afterMs: number;
  received: string;
}

/**
 * Connects to the app, writes `bytes`, then nothing; resolves when the server closes the
 * connection, or rejects after `withinMs` (the socket is destroyed then).
 */
function holdOpen(url: string, bytes: string, withinMs: number): Promise<Closed> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket: Socket = connect({ host: hostname, port: Number(port) }, () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the connection was still open after ${withinMs} ms`));
    }, withinMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ afterMs: Date.now() - started, received });
    });
  });
}

describe('slow clients', () => {
  const t = useTestApp({
    httpLimits: {
      ...DEFAULT_HTTP_LIMITS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
      connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    },
  });

  it('closes a connection that sent its headers and 10 bytes of a 100 KB body within the request timeout', async () => {
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Length: 102400\r\n\r\n`;
    const closed = await holdOpen(t.url, `${head}{"query":"`, REQUEST_TIMEOUT_MS + MARGIN_MS);
    expect(closed.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + MARGIN_MS);
    expect(closed.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection that sends part of its headers and then nothing within the header timeout', async () => {
    const closed = await holdOpen(t.url, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', HEADERS_TIMEOUT_MS + MARGIN_MS);
    expect(closed.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + MARGIN_MS);
    expect(closed.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  // Node keeps an idle connection up to a second past its keep-alive timeout (measured on Node 20).
  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const request = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;
    const closed = await holdOpen(t.url, request, KEEP_ALIVE_TIMEOUT_MS + 1_000 + MARGIN_MS);
    expect(closed.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(closed.afterMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 1_000 + MARGIN_MS);
  });

  it('closes a connection that never sends a byte within the header timeout', async () => {
    const closed = await holdOpen(t.url, '', HEADERS_TIMEOUT_MS + MARGIN_MS);
    expect(closed.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + MARGIN_MS);
  });

  it('still answers a request sent promptly', async () => {
    const result = await t.gql('{ mailSession { version } }');
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });
});

describe('HTTP timeout settings', () => {
  const REQUIRED = { NODE_ENV: 'test' };

  it('defaults to 30 s per request, 10 s for headers, 5 s keep-alive and 60 s of silence', () => {
    const limits = loadConfig(REQUIRED).httpLimits;
    expect(limits).toMatchObject({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      connectionTimeoutMs: 60_000,
      maxQueryBytes: 16_384,
    });
  });

  it('reads each timeout from its variable', () => {
    const limits = loadConfig({
      ...REQUIRED,
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_HEADERS_TIMEOUT_MS: '4000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '2000',
      HTTP_CONNECTION_TIMEOUT_MS: '90000',
      GRAPHQL_MAX_QUERY_BYTES: '8192',
    }).httpLimits;
    expect(limits).toMatchObject({
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 4_000,
      keepAliveTimeoutMs: 2_000,
      connectionTimeoutMs: 90_000,
      maxQueryBytes: 8_192,
    });
  });

  it('refuses a header timeout longer than the request timeout, naming the variable', () => {
    expect(() => loadConfig({ ...REQUIRED, HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(/^HTTP_HEADERS_TIMEOUT_MS: /);
    expect(() => loadConfig({ ...REQUIRED, HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/^HTTP_REQUEST_TIMEOUT_MS: /);
  });

  it('takes a short request timeout as the header timeout too when only the request timeout is set', () => {
    expect(loadConfig({ ...REQUIRED, HTTP_REQUEST_TIMEOUT_MS: '4000' }).httpLimits.headersTimeoutMs).toBe(4_000);
  });
});
