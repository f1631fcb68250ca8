/**
 * The built service (`node dist/main.js`, built by `npm test` before jest) as a user starts it:
 * no DATABASE_URL, no secrets, an embedded PostgreSQL under a fresh data directory that is kept
 * across restarts. Slow on purpose (initdb, two starts); everything else tests the app in-process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAIL_SETTING_VARIABLE_NAMES } from '../../src/config/mail-source';
import { freePort, freePorts } from '../support/free-port';
import { portAccepts } from '../support/port-accepts';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
const READY_WITHIN_MS = 60_000;
const EXIT_WITHIN_MS = 30_000;

/** Every variable src/config/ reads: the child gets only the ones a test sets. */
const CONFIG_VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'DATABASE_URL',
  'DATA_DIR',
  'EMBEDDED_POSTGRES_PORT',
  'MAIL_SECRET_KEY',
  'AUTH_TOKENS',
  'LOG_LEVEL',
  'GRAPHQL_INTROSPECTION',
  'GRAPHQL_LANDING_PAGE',
  'RECONCILE_INTERVAL_MS',
  'LISTENER_RECONNECT_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'TEST_ADMIN_DATABASE_URL',
  'TEST_TEMPLATE_DATABASE',
  'MAIL_SESSION_PROPERTIES_FILE',
  'MAIL_SESSION_MANAGED',
  ...MAIL_SETTING_VARIABLE_NAMES,
];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `node dist/main.js` with everything it wrote so far. */
interface Service {
  readonly child: ChildProcess;
  readonly dataDir: string;
  stdout: string;
  stderr: string;
  readonly exited: Promise<Exit>;
}

const started = new Set<Service>();

/** A fresh data directory PostgreSQL (as user `postgres` when we are root) can traverse. */
async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mail-session-start-'));
  await chmod(dir, 0o755);
  return dir;
}

function startService(dataDir: string, env: Record<string, string>): Service {
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIG_VARIABLES.includes(name)));
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const service: Service = { child, dataDir, stdout: '', stderr: '', exited };
  child.stdout?.on('data', (chunk: Buffer) => (service.stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (service.stderr += chunk.toString('utf8')));
  started.add(service);
  void exited.then(() => started.delete(service));
  return service;
}

function output(service: Service): string {
  return `--- stdout ---\n${service.stdout.slice(-4000)}\n--- stderr ---\n${service.stderr.slice(-4000)}`;
}

function timeout<T>(ms: number, what: string): Promise<T> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms).unref());
}

/** Waits until `/readyz` answers 200; fails early when the process exits first. */
async function waitUntilReady(service: Service, baseUrl: string): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  let exit: Exit | undefined;
  void service.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the service exited (${JSON.stringify(exit)}) before it was ready\n${output(service)}`);
    const status = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the service was not ready within ${READY_WITHIN_MS} ms\n${output(service)}`);
}

/**
 * Sends SIGTERM; resolves with the exit and the warnings and errors logged from then on (by the
 * lines' own timestamps: logs are written in batches, so earlier lines may arrive later).
 */
async function stopService(service: Service): Promise<Exit & { complaints: string[] }> {
  const fromStderr = service.stderr.length;
  const signalledAt = Date.now();
  service.child.kill('SIGTERM');
  const exit = await Promise.race([service.exited, timeout<Exit>(EXIT_WITHIN_MS, `the service did not exit after SIGTERM\n${output(service)}\n`)]);
  const complaints = service.stdout.split('\n').filter((line) => {
    try {
      const entry = JSON.parse(line) as { level?: number; time?: number };
      return (entry.level ?? 0) >= 40 && (entry.time ?? 0) >= signalledAt;
    } catch {
      return false;
    }
  });
  return { ...exit, complaints: [...complaints, ...service.stderr.slice(fromStderr).split('\n').filter(Boolean)] };
}

/** Last resort: SIGKILL, then stop the PostgreSQL the killed process left behind (it does not die with its parent). */
async function killService(service: Service): Promise<void> {
  service.child.kill('SIGTERM');
  const stopped = await Promise.race([service.exited.then(() => true), timeout<boolean>(15_000, 'SIGTERM')]).catch(() => false);
  if (!stopped) {
    service.child.kill('SIGKILL');
    await service.exited;
  }
  const pidFile = path.join(service.dataDir, 'postgres', 'pgdata', 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  }
}

interface GraphQLResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function graphql(url: string, query: string, variables: Record<string, unknown>, token: string | null): Promise<GraphQLResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}

function printed(service: Service, pattern: RegExp): string | undefined {
  return pattern.exec(service.stdout)?.[1];
}

const TOKEN_LINE = /Admin token \(development\): (\S+)/;
const SANDBOX_LINE = /GraphQL \/ Apollo Sandbox: (\S+)/;
const OUTGOING_PASSWORD = 'smtp-password-ä€😀';

const UPDATE = `
  mutation Update($input: UpdateMailSessionInput!) {
    updateMailSession(input: $input) {
      mailSession { version outgoing { host port user passwordSet } transports { outgoing { state appliedVersion lastError } } }
    }
  }`;
const READ = `
  query Read {
    mailSession { version outgoing { host port user passwordSet } transports { outgoing { state appliedVersion lastError } } }
  }`;

afterAll(async () => {
  await Promise.all([...started].map((service) => killService(service)));
});

describe('the built service without DATABASE_URL (embedded PostgreSQL)', () => {
  let dataDir: string;
  let httpPort: number;
  let postgresPort: number;
  let baseUrl: string;
  let env: Record<string, string>;
  let first: Service;
  let token: string | undefined;
  let secretKeyFile: string | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    dataDir = await freshDataDir();
    [httpPort = 0, postgresPort = 0] = await freePorts(2);
    baseUrl = `http://127.0.0.1:${httpPort}`;
    env = {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
    first = startService(dataDir, env);
    await waitUntilReady(first, baseUrl);
  });

  afterAll(async () => {
    await Promise.all([...started].map((service) => killService(service)));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the Sandbox URL and the generated admin token on stdout once ready', () => {
    expect(printed(first, SANDBOX_LINE)).toBe(`${baseUrl}/graphql`);
    token = printed(first, TOKEN_LINE);
    expect(token).toMatch(/^[\w-]{16,}$/);
    expect(first.stdout).toContain(`Authorization: Bearer ${token}`);
  });

  it('answers /healthz and /readyz with 200', async () => {
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: true, migrations: true, changeListener: true } });
  });

  it('keeps the admin token and the mail secret key in the data directory, readable by the owner only', async () => {
    for (const name of ['admin-token', 'mail-secret-key']) {
      const file = path.join(dataDir, name);
      expect({ file, mode: ((await stat(file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    }
    expect((await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim()).toBe(token);
    secretKeyFile = await readFile(path.join(dataDir, 'mail-secret-key'), 'utf8');
  });

  it('refuses updateMailSession without a token and applies it with the printed token', async () => {
    if (token === undefined) throw new Error('no admin token was printed');
    const input = { outgoing: { host: 'smtp.example.test', port: 587, security: 'STARTTLS', user: 'mailer', password: OUTGOING_PASSWORD } };

    const anonymous = await graphql(`${baseUrl}/graphql`, UPDATE, { input }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const result = await graphql(`${baseUrl}/graphql`, UPDATE, { input }, token);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      updateMailSession: {
        mailSession: {
          version: 1,
          outgoing: { host: 'smtp.example.test', port: 587, user: 'mailer', passwordSet: true },
          transports: { outgoing: { state: 'READY', appliedVersion: 1, lastError: null } },
        },
      },
    });
  });

  it('exits with code 0 soon after SIGTERM, without a warning or an error on the way', async () => {
    expect(await stopService(first)).toEqual({ code: 0, signal: null, complaints: [] });
  });

  describe('started again on the same data directory', () => {
    let second: Service;

    beforeAll(async () => {
      second = startService(dataDir, env);
      await waitUntilReady(second, baseUrl);
    });

    it('prints the same admin token and keeps the same secret key', async () => {
      expect(printed(second, TOKEN_LINE)).toBe(token);
      expect(await readFile(path.join(dataDir, 'mail-secret-key'), 'utf8')).toBe(secretKeyFile);
    });

    it('serves the settings saved before the restart, with the stored password still decrypting', async () => {
      if (token === undefined) throw new Error('no admin token was printed');
      const result = await graphql(`${baseUrl}/graphql`, READ, {}, token);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data).toEqual({
        mailSession: {
          version: 1,
          outgoing: { host: 'smtp.example.test', port: 587, user: 'mailer', passwordSet: true },
          transports: { outgoing: { state: 'READY', appliedVersion: 1, lastError: null } },
        },
      });
    });

    it('exits with code 0 after SIGTERM and leaves no PostgreSQL listening', async () => {
      expect(await stopService(second)).toEqual({ code: 0, signal: null, complaints: [] });
      expect(await portAccepts(postgresPort)).toBe(false);
      expect(existsSync(path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid'))).toBe(false);
    });
  });
});

describe('the built service in production without configuration', () => {
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    dataDir = await freshDataDir();
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const unreachableDatabase = 'postgresql://nobody@127.0.0.1:1/none';
  const key = Buffer.alloc(32, 7).toString('base64');
  it.each([
    ['DATABASE_URL', {}],
    ['MAIL_SECRET_KEY', { DATABASE_URL: unreachableDatabase }],
    ['AUTH_TOKENS', { DATABASE_URL: unreachableDatabase, MAIL_SECRET_KEY: key }],
  ])('exits non-zero within 10 seconds naming %s when it is missing, and writes nothing to the data directory', async (variable, given) => {
    const service = startService(dataDir, { NODE_ENV: 'production', PORT: String(await freePort()), DATA_DIR: dataDir, ...given });
    const exit = await Promise.race([service.exited, timeout<Exit>(10_000, `the service did not exit\n${output(service)}\n`)]);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(service.stderr).toContain(`configuration error: ${variable}:`);
    expect(await readdir(dataDir)).toEqual([]);
  });
});
