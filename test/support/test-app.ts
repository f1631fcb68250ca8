import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type App, type AppOptions, buildApp } from '../../src/app';
import type { AuthFailureLimits, AuthToken } from '../../src/config/auth-settings';
import type { SecretKey } from '../../src/config/secret-keys';
import { createLogger } from '../../src/platform/logging/logger';
import { createTestDatabase, type TestDatabase } from './database';

export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const VIEWER_TOKEN = 'viewer-token-0123456789abcdef';
/** Two senders (issue 16), so that a test can show one does not see the other's mail. */
export const SENDER_TOKEN = 'sender-token-0123456789abcdef';
export const OTHER_SENDER_TOKEN = 'sender2-token-0123456789abcdef';
export const RECEIVER_TOKEN = 'receiver-token-0123456789abcdef';
export const TEST_TOKENS: AuthToken[] = [
  { name: 'alice', role: 'admin', token: ADMIN_TOKEN },
  { name: 'victor', role: 'viewer', token: VIEWER_TOKEN },
  { name: 'sam', role: 'sender', token: SENDER_TOKEN },
  { name: 'sid', role: 'sender', token: OTHER_SENDER_TOKEN },
  { name: 'rita', role: 'receiver', token: RECEIVER_TOKEN },
];

export function testSecretKey(): SecretKey {
  return { id: 'test', key: randomBytes(32) };
}

/** Every log line the app wrote, as text, for assertions (e.g. that no secret was logged). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  url: string;
  logs: LogCapture;
  /** POSTs a GraphQL operation over HTTP as a client would. `token: null` sends no header. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

/** What a test may choose of the app's options; the rest are fixed for tests (see startTestApp). */
export type TestAppOptions = Pick<AppOptions, 'databaseUrl'> &
  Partial<
    Pick<
      AppOptions,
      | 'secretKey'
      | 'instanceId'
      | 'reconcileIntervalMs'
      | 'listenerReconnectMs'
      | 'mailSessionSource'
      | 'mailCheck'
      | 'secretReadKeys'
      | 'oidc'
      | 'authFailures'
      | 'httpLimits'
      | 'subscriptionLimits'
      | 'landingPage'
      | 'trustProxy'
      | 'networkPolicy'
      | 'metrics'
      | 'mailTlsCa'
      | 'tokenStatus'
      | 'adminConsole'
      | 'outboundLimits'
      | 'outboundQueue'
      | 'outboundRetentionSweepMs'
    >
  >;

const LENIENT_AUTH_FAILURES: AuthFailureLimits = { slowAfter: 1_000, refuseAfter: 2_000, windowMs: 60_000, delayMs: 0 };

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const logs = new LogCapture();
  const app = await buildApp({
    ...options,
    secretKey: options.secretKey ?? testSecretKey(),
    authTokens: TEST_TOKENS,
    logger: createLogger('debug', logs),
    introspection: true,
    landingPage: options.landingPage ?? false,
    reconcileIntervalMs: options.reconcileIntervalMs ?? 60_000,
    listenerReconnectMs: options.listenerReconnectMs ?? 100,
    shutdownTimeoutMs: 5_000,
    // So lenient that only tests about failure limits ever reach them.
    authFailures: options.authFailures ?? LENIENT_AUTH_FAILURES,
  });
  const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
  const url = `${address}/graphql`;
  return {
    app,
    url,
    logs,
    async gql(query, variables, token = ADMIN_TOKEN) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as GraphQLResult;
      return { ...body, status: response.status } as never;
    },
    close: () => app.close(),
  };
}

/** A test app on a database of its own, started before the file's tests and closed after them. */
export interface SharedTestApp extends TestApp {
  readonly db: TestDatabase;
}

/**
 * Registers hooks that create a migrated database and start an app on it, and returns a handle
 * usable from inside the tests. `per: 'file'` (the default) shares one database and app among the
 * file's tests; `per: 'test'` gives each test its own, for tests that break or assume the state.
 */
export function useTestApp(options: Omit<TestAppOptions, 'databaseUrl'> = {}, per: 'file' | 'test' = 'file'): SharedTestApp {
  let db: TestDatabase | undefined;
  let started: TestApp | undefined;
  (per === 'file' ? beforeAll : beforeEach)(async () => {
    db = await createTestDatabase();
    started = await startTestApp({ ...options, databaseUrl: db.url });
  });
  (per === 'file' ? afterAll : afterEach)(async () => {
    await started?.close();
    await db?.drop();
    started = undefined;
    db = undefined;
  });
  const get = (): TestApp => {
    if (!started) throw new Error('the test app starts in beforeAll (beforeEach with per: test)');
    return started;
  };
  return {
    get db() {
      if (!db) throw new Error('the test database is created in beforeAll (beforeEach with per: test)');
      return db;
    },
    get app() {
      return get().app;
    },
    get url() {
      return get().url;
    },
    get logs() {
      return get().logs;
    },
    gql: (query, variables, token) => get().gql(query, variables, token),
    close: () => get().close(),
  };
}
