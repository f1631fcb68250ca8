import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { loadConfig } from '../../src/config/env';
import { onlyError, updateOk, updateSession } from '../api/mail-session.operations';
import { SEND_TEST_EMAIL, testSession } from '../mail-check/operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePorts } from '../support/free-port';
import { scrape, type Scrape } from '../support/metrics-scrape';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { ADMIN_TOKEN, startTestApp, testSecretKey, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';

/*
 * Issue 12, item 9: Prometheus metrics on METRICS_PORT. The app is started as main.ts starts it:
 * the metrics settings come from loadConfig, so METRICS_HOST's default is the one under test.
 * Each test reads the counters before and after what it does and asserts the exact difference.
 */

const key = testSecretKey();
let db: TestDatabase;
let t: TestApp;
let peer: SmtpPeer;
let metricsPort: number;
let otherPort: number;
let closedPort: number;

const metricsOf = (port: number) => loadConfig({ NODE_ENV: 'test', METRICS_PORT: String(port) }).metrics;
const read = () => scrape(t.app.metricsUrl ?? 'metrics are off');
/** The difference of one series between two scrapes. */
const moved = (before: Scrape, after: Scrape, name: string, labels: Record<string, string>) => after.count(name, labels) - before.count(name, labels);

beforeAll(async () => {
  [metricsPort, otherPort, closedPort] = (await freePorts(3)) as [number, number, number];
  db = await createTestDatabase();
  peer = await startSmtpPeer({
    server: { onRcptTo: (address, _session, callback) => callback(address.address.endsWith('@refused.example') ? new Error('no such user') : null) },
  });
  t = await startTestApp({
    databaseUrl: db.url,
    secretKey: key,
    instanceId: 'metrics-a',
    metrics: metricsOf(metricsPort),
    listenerReconnectMs: 3_000,
    mailCheck: { testsPerWindow: 1_000, emailsPerWindow: 1_000, wholeTestMs: 10_000, stepMs: 5_000 },
  });
});
afterAll(async () => {
  await t?.close();
  await peer?.close();
  await db?.drop();
});

describe('the metrics listener', () => {
  it('serves /metrics on 127.0.0.1 by default, in the Prometheus text format, with help text for every metric', async () => {
    expect(t.app.metricsUrl).toBe(`http://127.0.0.1:${metricsPort}/metrics`);
    const metrics = await read();
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const names = [...metrics.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name]) => name ?? '');
    const ours = names.filter((name) => name.startsWith('mail_session_'));
    expect(ours.sort()).toEqual([
      'mail_session_change_listener_connected',
      'mail_session_change_listener_connections_total',
      'mail_session_graphql_request_duration_seconds',
      'mail_session_graphql_requests_total',
      'mail_session_http_request_duration_seconds',
      'mail_session_instance_info',
      'mail_session_mail_test_servers_total',
      'mail_session_mail_tests_total',
      'mail_session_outbound_attempts_total',
      'mail_session_outbound_messages',
      'mail_session_outbound_oldest_waiting_seconds',
      'mail_session_subscription_sockets',
      'mail_session_test_emails_total',
      'mail_session_transport_applied_version',
      'mail_session_transport_state',
    ]);
    for (const name of names) expect(metrics.text).toMatch(new RegExp(`^# HELP ${name} \\S.{10,}$`, 'm'));
    // Node's process metrics, under their standard names.
    expect(names).toEqual(
      expect.arrayContaining([
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
      ]),
    );
    expect(metrics.value('mail_session_instance_info', { instance_id: 'metrics-a' })).toBe(1);
  });

  it('answers 404 on any other path, and is not the API server', async () => {
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
    expect((await fetch(t.url.replace('/graphql', '/metrics'))).status).toBe(404);
  });

  it('does not answer on the addresses of the other interfaces', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === 'IPv4' && !address.internal);
    // Every machine that runs these tests has one (the container's or host's network address).
    expect(external).toBeDefined();
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: external?.address, port: metricsPort });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });
});

describe('GraphQL request metrics', () => {
  const REQUESTS = 'mail_session_graphql_requests_total';
  const DURATION_COUNT = 'mail_session_graphql_request_duration_seconds_count';

  it('count a query and a mutation by root field and outcome, exactly once each, and time them', async () => {
    const before = await read();
    expect((await t.gql('query AnyNameTheClientLikes { mailSession { version } }')).errors).toBeUndefined();
    await updateOk(t, { defaultSender: { name: 'Metrics' } });
    const after = await read();
    expect(moved(before, after, REQUESTS, { operation: 'mailSession', outcome: 'ok' })).toBe(1);
    expect(moved(before, after, REQUESTS, { operation: 'updateMailSession', outcome: 'ok' })).toBe(1);
    expect(moved(before, after, DURATION_COUNT, { operation: 'mailSession', outcome: 'ok' })).toBe(1);
    expect(moved(before, after, DURATION_COUNT, { operation: 'updateMailSession', outcome: 'ok' })).toBe(1);
    // The client's operation name never becomes a label value.
    expect(after.text).not.toContain('AnyNameTheClientLikes');
    const total = (scrape: Scrape) => scrape.samples.filter((s) => s.name === REQUESTS).reduce((sum, s) => sum + s.value, 0);
    expect(total(after) - total(before)).toBe(2);
  });

  it('count failed requests under the code the client got', async () => {
    const before = await read();
    expect(onlyError(await updateSession(t, { outgoing: { port: 0 } })).code).toBe('BAD_USER_INPUT');
    expect(onlyError(await t.gql('{ mailSession { version } }', undefined, null)).code).toBe('UNAUTHENTICATED');
    expect(onlyError(await t.gql('{ noSuchField }')).code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(onlyError(await t.gql('{ mailSession { version ')).code).toBe('GRAPHQL_PARSE_FAILED');
    const noQuery = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: '{}' });
    expect(noQuery.status).toBe(400);
    const after = await read();
    expect(moved(before, after, REQUESTS, { operation: 'updateMailSession', outcome: 'BAD_USER_INPUT' })).toBe(1);
    // Refused before Apollo read the operation: the root field is not known.
    expect(moved(before, after, REQUESTS, { operation: 'other', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(moved(before, after, REQUESTS, { operation: 'other', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(moved(before, after, REQUESTS, { operation: 'other', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(moved(before, after, REQUESTS, { operation: 'other', outcome: 'BAD_REQUEST' })).toBe(1);
    const total = (scrape: Scrape) => scrape.samples.filter((s) => s.name === REQUESTS).reduce((sum, s) => sum + s.value, 0);
    expect(total(after) - total(before)).toBe(5);
    expect(moved(before, after, DURATION_COUNT, { operation: 'updateMailSession', outcome: 'error' })).toBe(1);
    expect(moved(before, after, 'mail_session_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status_code: '401' })).toBe(1);
  });

  it('count several root fields as multiple, and introspection as introspection', async () => {
    const before = await read();
    expect((await t.gql('{ mailSession { version } mailSessionProperties }')).errors).toBeUndefined();
    expect((await t.gql('{ __schema { queryType { name } } }')).errors).toBeUndefined();
    const after = await read();
    expect(moved(before, after, REQUESTS, { operation: 'multiple', outcome: 'ok' })).toBe(1);
    expect(moved(before, after, REQUESTS, { operation: 'introspection', outcome: 'ok' })).toBe(1);
  });
});

describe('HTTP metrics', () => {
  it('time each response by route, with unknown paths under one label', async () => {
    const before = await read();
    expect((await fetch(t.url.replace('/graphql', '/readyz'))).status).toBe(200);
    expect((await fetch(t.url.replace('/graphql', `/random-${process.pid}`))).status).toBe(404);
    const after = await read();
    const count = 'mail_session_http_request_duration_seconds_count';
    expect(moved(before, after, count, { method: 'GET', route: '/readyz', status_code: '200' })).toBe(1);
    expect(moved(before, after, count, { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(after.text).not.toContain(`random-${process.pid}`);
  });
});

describe('mail check metrics', () => {
  it('count testMailSession by outcome and each tested server by result', async () => {
    await updateOk(t, { outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE' }, defaultSender: { address: 'portal@example.com' } });
    const before = await read();
    expect((await testSession(t)).errors).toBeUndefined();
    expect((await testSession(t, { outgoing: { port: closedPort } })).errors).toBeUndefined();
    const after = await read();
    expect(moved(before, after, 'mail_session_mail_tests_total', { outcome: 'ok' })).toBe(1);
    expect(moved(before, after, 'mail_session_mail_tests_total', { outcome: 'failed' })).toBe(1);
    expect(moved(before, after, 'mail_session_mail_test_servers_total', { server: 'outgoing', result: 'ok' })).toBe(1);
    expect(moved(before, after, 'mail_session_mail_test_servers_total', { server: 'outgoing', result: 'CONNECTION_REFUSED' })).toBe(1);
    // No incoming server is configured: it is not tested, so not counted.
    expect(after.samples.filter((s) => s.name === 'mail_session_mail_test_servers_total' && s.labels.server === 'incoming')).toEqual([]);
    expect(moved(before, after, 'mail_session_graphql_requests_total', { operation: 'testMailSession', outcome: 'ok' })).toBe(2);
  });

  it('count sendTestEmail by outcome: delivered, and refused by the server', async () => {
    const before = await read();
    expect((await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' })).errors).toBeUndefined();
    expect(onlyError(await t.gql(SEND_TEST_EMAIL, { to: 'nobody@refused.example' })).code).toBe('SEND_FAILED');
    const after = await read();
    expect(moved(before, after, 'mail_session_test_emails_total', { outcome: 'ok' })).toBe(1);
    expect(moved(before, after, 'mail_session_test_emails_total', { outcome: 'SEND_FAILED' })).toBe(1);
    expect(moved(before, after, 'mail_session_graphql_requests_total', { operation: 'sendTestEmail', outcome: 'SEND_FAILED' })).toBe(1);
  });
});

describe('live state gauges', () => {
  it("show each transport's state and the settings version it applied, after an update", async () => {
    const before = await read();
    const version = (await updateOk(t, { outgoing: { host: '127.0.0.1', port: otherPort, security: 'NONE' }, incoming: { host: null } })).mailSession.version;
    expect(before.value('mail_session_transport_applied_version', { transport: 'outgoing' })).toBeLessThan(version);
    const after = await read();
    expect(after.value('mail_session_transport_applied_version', { transport: 'outgoing' })).toBe(version);
    expect(after.value('mail_session_transport_applied_version', { transport: 'incoming' })).toBe(version);
    expect(after.value('mail_session_transport_state', { transport: 'outgoing', state: 'READY' })).toBe(1);
    expect(after.value('mail_session_transport_state', { transport: 'outgoing', state: 'DISABLED' })).toBe(0);
    expect(after.value('mail_session_transport_state', { transport: 'outgoing', state: 'FAILED' })).toBe(0);
    expect(after.value('mail_session_transport_state', { transport: 'incoming', state: 'DISABLED' })).toBe(1);
  });

  it('show the change listener connected, 0 while it is cut off, and count its reconnection', async () => {
    const before = await read();
    expect(before.value('mail_session_change_listener_connected')).toBe(1);
    expect(before.value('mail_session_change_listener_connections_total')).toBe(1);
    await db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mail-session-listener-metrics-a'");
    await waitUntil('the listener noticed the cut', () => !t.app.listener.connected, 5_000);
    expect((await read()).value('mail_session_change_listener_connected')).toBe(0);
    await waitUntil('the listener reconnected', () => t.app.listener.connected, 10_000);
    const after = await read();
    expect(after.value('mail_session_change_listener_connected')).toBe(1);
    expect(after.value('mail_session_change_listener_connections_total')).toBe(2);
  });
});

describe('several apps in one process', () => {
  it('keep registries of their own: another instance counts only its own requests and shows the version it applied', async () => {
    const [port] = (await freePorts(1)) as [number];
    const b = await startTestApp({ databaseUrl: db.url, secretKey: key, instanceId: 'metrics-b', metrics: metricsOf(port) });
    try {
      const version = (await updateOk(t, { defaultSender: { name: 'Seen by b' } })).mailSession.version;
      await waitUntil('b applied the change', () => b.app.transports.transportStatus().outgoing.appliedVersion === version);
      const metrics = await scrape(b.app.metricsUrl ?? '');
      expect(metrics.value('mail_session_transport_applied_version', { transport: 'outgoing' })).toBe(version);
      expect(metrics.samples.filter((s) => s.name === 'mail_session_graphql_requests_total')).toEqual([]);
      expect(metrics.value('mail_session_instance_info', { instance_id: 'metrics-b' })).toBe(1);
    } finally {
      await b.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('stop start-up with an error naming METRICS_PORT when the port is taken', async () => {
    await expect(startTestApp({ databaseUrl: db.url, secretKey: key, instanceId: 'metrics-c', metrics: metricsOf(metricsPort) })).rejects.toThrow(
      /^METRICS_PORT: the metrics listener cannot listen on 127\.0\.0\.1 port \d+ \(EADDRINUSE/,
    );
  });
});

describe('without METRICS_PORT', () => {
  it('starts no metrics listener', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).metrics).toBeUndefined();
    const plain = await startTestApp({ databaseUrl: db.url, secretKey: key, instanceId: 'plain', metrics: loadConfig({ NODE_ENV: 'test' }).metrics });
    try {
      expect(plain.app.metricsUrl).toBeUndefined();
      expect(plain.logs.text).not.toContain('metrics listening');
    } finally {
      await plain.close();
    }
  });
});
