/**
 * Expected start-up failures of the built service end in one line that names the setting and what to
 * do, exit code 1 and no stack; an unreachable database is retried, visibly, until it answers.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { updateOk } from '../api/mail-session.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp } from '../support/test-app';
import { freePort, freePorts } from '../support/free-port';
import {
  assertBuilt,
  exitWithin,
  freshDataDir,
  output,
  processesOn,
  SCRIPTS,
  spawnScript,
  waitFor,
  waitUntilReady,
  type ServiceProcess,
} from '../support/service-process';

jest.setTimeout(120_000);

const KEY = randomBytes(32).toString('base64');
const TOKEN = randomBytes(24).toString('base64url');
const STACK_LINE = /^\s+at /m;

function withUrl(url: string, change: (url: URL) => void): string {
  const parsed = new URL(url);
  change(parsed);
  return parsed.toString();
}

/** A TCP forwarder from 127.0.0.1:`port` to `target`: the database appearing on a port nothing listened on. */
async function forward(port: number, target: URL): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('start-up failures of the built service', () => {
  let db: TestDatabase;
  let dataDir: string;
  const started: ServiceProcess[] = [];

  async function service(env: Record<string, string>): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawnScript(SCRIPTS.main, {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      MAIL_SECRET_KEY: KEY,
      AUTH_TOKENS: `ops:admin:${TOKEN}`,
      DATABASE_CONNECT_TIMEOUT_MS: '0',
      ...env,
    });
    started.push(child);
    return child;
  }

  /** Runs the service to its exit: code 1, the setting named on stderr, no stack anywhere. */
  async function failsNaming(env: Record<string, string>, setting: string, says: RegExp): Promise<ServiceProcess> {
    const child = await service(env);
    const exit = await exitWithin(child, 60_000);
    expect({ exit, stderr: child.stderr }).toEqual({
      exit: { code: 1, signal: null },
      stderr: expect.stringContaining(`mail-session-service: cannot start: ${setting}: `) as unknown,
    });
    expect(child.stderr).toMatch(says);
    expect(child.stderr.trim().split('\n')).toHaveLength(1);
    expect(`${child.stdout}\n${child.stderr}`).not.toMatch(STACK_LINE);
    return child;
  }

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase();
    dataDir = await freshDataDir();
  });

  afterAll(async () => {
    for (const child of started) child.child.kill('SIGKILL');
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('names HOST when it does not resolve', async () => {
    await failsNaming({ HOST: 'no-such-host.invalid' }, 'HOST', /"no-such-host\.invalid" does not resolve: set HOST to an address of this machine/);
  });

  it('names PORT when the port is taken', async () => {
    const holder = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      await failsNaming({ PORT: String(port) }, 'PORT', new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .*set PORT to a free port`));
    } finally {
      holder.close();
    }
  });

  it('names DATABASE_URL when nothing accepts connections, without its password', async () => {
    const port = await freePort();
    const child = await failsNaming(
      { DATABASE_URL: withUrl(db.url, (url) => ((url.hostname = '127.0.0.1'), (url.port = String(port)))) },
      'DATABASE_URL',
      new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port} \\(connection refused\\): start the database, or correct the host and port`),
    );
    const password = new URL(db.url).password;
    if (password) expect(child.stderr).not.toContain(password);
  });

  it('names DATABASE_URL when its host does not resolve', async () => {
    await failsNaming(
      { DATABASE_URL: withUrl(db.url, (url) => (url.hostname = 'no-such-db.invalid')) },
      'DATABASE_URL',
      /the database host "no-such-db\.invalid" does not resolve/,
    );
  });

  it('names DATABASE_URL when the password is wrong, at once (no retry)', async () => {
    const child = await failsNaming(
      { DATABASE_URL: withUrl(db.url, (url) => (url.password = 'wrong-password')), DATABASE_CONNECT_TIMEOUT_MS: '60000' },
      'DATABASE_URL',
      /refused the password of user "\w+": correct the user name or password/,
    );
    expect(child.stdout).not.toContain('retrying');
  });

  it('names DATABASE_URL when the database does not exist', async () => {
    await failsNaming(
      { DATABASE_URL: withUrl(db.url, (url) => (url.pathname = '/mail_session_missing')) },
      'DATABASE_URL',
      /database "mail_session_missing" does not exist on [\w.]+:\d+: create it/,
    );
  });

  it('names EMBEDDED_POSTGRES_PORT when the embedded PostgreSQL cannot listen on it, and leaves no PostgreSQL', async () => {
    const holder = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      await failsNaming(
        { DATABASE_URL: '', MAIL_SECRET_KEY: '', AUTH_TOKENS: '', EMBEDDED_POSTGRES_PORT: String(port) },
        'EMBEDDED_POSTGRES_PORT',
        new RegExp(`port ${port} is already in use: stop what listens there, or set EMBEDDED_POSTGRES_PORT to a free port`),
      );
      expect(await processesOn(dataDir)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('names the built rotation command (not an npm script) when a stored secret is under a key not configured', async () => {
    const other = await createTestDatabase();
    try {
      const app = await startTestApp({ databaseUrl: other.url, secretKey: { id: 'k1', key: randomBytes(32) } });
      await updateOk(app, { outgoing: { host: 'smtp.example.test', user: 'u', password: 'Under-K1-Only' } });
      await app.close();
      const child = await service({ DATABASE_URL: other.url, MAIL_SECRET_KEY: `k2:${KEY}` });
      expect(await exitWithin(child, 60_000)).toEqual({ code: 1, signal: null });
      expect(child.stderr).toMatch(
        /^mail-session-service: configuration error: MAIL_SECRET_KEYS: stored secret for \S+ was encrypted with key "k1", which is not configured/,
      );
      expect(child.stderr).toContain('run `node dist/rotate-secrets.js` before dropping an old key');
      expect(child.stderr).not.toMatch(STACK_LINE);
    } finally {
      await other.drop();
    }
  });

  it('retries an unreachable database with a line per attempt for DATABASE_CONNECT_TIMEOUT_MS, then fails naming it', async () => {
    const port = await freePort();
    const began = Date.now();
    const child = await failsNaming(
      { DATABASE_URL: withUrl(db.url, (url) => ((url.hostname = '127.0.0.1'), (url.port = String(port)))), DATABASE_CONNECT_TIMEOUT_MS: '2000' },
      'DATABASE_URL',
      /connection refused.*gave up after \d+ s; DATABASE_CONNECT_TIMEOUT_MS sets how long/,
    );
    expect(Date.now() - began).toBeGreaterThanOrEqual(1_500);
    const retries = child.stdout.split('\n').filter((line) => line.includes('database not reachable (connection refused): retrying'));
    expect(retries.length).toBeGreaterThanOrEqual(2);
  });

  it('becomes ready when the database appears while it retries', async () => {
    const [port = 0, httpPort = 0] = await freePorts(2);
    const child = await service({
      DATABASE_URL: withUrl(db.url, (url) => ((url.hostname = '127.0.0.1'), (url.port = String(port)))),
      DATABASE_CONNECT_TIMEOUT_MS: '60000',
      PORT: String(httpPort),
    });
    await waitFor(child, 'the first retry line', () => child.stdout.includes('database not reachable (connection refused): retrying'));
    const proxy = await forward(port, new URL(db.url));
    try {
      await waitUntilReady(child, `http://127.0.0.1:${httpPort}`);
      child.child.kill('SIGTERM');
      expect(await exitWithin(child, 30_000)).toEqual({ code: 0, signal: null });
    } catch (error) {
      throw new Error(`${String(error)}\n${output(child)}`, { cause: error });
    } finally {
      await proxy.close();
    }
  });
});
