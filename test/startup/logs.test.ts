/**
 * The built service's logs as an operator sees them: stdout piped (docker logs, a log shipper)
 * gets JSON lines while the service runs, not at its stop; a terminal gets readable lines.
 */
import { existsSync, watch } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, freePorts } from '../support/free-port';
import { killGroup, MAIN, spawnService, type SpawnedService } from '../support/spawned-service';

jest.setTimeout(90_000);

/** The longest a line may take from the service to its reader. */
const LINE_WITHIN_MS = 1_000;
const SECRET_KEY = Buffer.alloc(32, 3).toString('base64');
const TOKEN = 'logs-test-admin-token-0123456789';

/** The parent's environment without anything src/config/ would read, so a developer's settings do not leak in. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const own = /^(NODE_ENV|HOST|PORT|DATABASE_URL|DATA_DIR|EMBEDDED_POSTGRES_PORT|MAIL_.*|AUTH_.*|LOG_.*|GRAPHQL_.*|TEST_.*|.*_MS)$/;
  const kept = Object.fromEntries(Object.entries(process.env).filter(([name]) => !own.test(name)));
  return { ...kept, ...env };
}

function json(text: string): { level?: number; msg?: string; path?: string } | undefined {
  try {
    return JSON.parse(text) as { level?: number; msg?: string; path?: string };
  } catch {
    return undefined;
  }
}

const running = new Set<SpawnedService>();
function start(command: string, args: readonly string[], env: Record<string, string>): SpawnedService {
  const service = spawnService(command, args, cleanEnv(env));
  running.add(service);
  void service.exited.then(() => running.delete(service));
  return service;
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
});

afterAll(async () => {
  await Promise.all([...running].map((service) => killGroup(service)));
});

describe('the built service with stdout piped', () => {
  let db: TestDatabase;
  let port: number;
  let service: SpawnedService;

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    service = start(process.execPath, [MAIN], {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      MAIL_SECRET_KEY: SECRET_KEY,
      AUTH_TOKENS: `admin:admin:${TOKEN}`,
      LOG_LEVEL: 'debug',
    });
  });

  afterAll(async () => {
    if (service) await killGroup(service);
    await db?.drop();
  });

  it('writes the ready line as JSON while the service is running, not at its stop', async () => {
    const ready = await service.line((text) => json(text)?.msg === 'mail-session-service ready', 'saying the service is ready');
    expect(service.child.exitCode).toBeNull();
    expect(json(ready.text)).toMatchObject({ level: 30, msg: 'mail-session-service ready' });
  });

  it('writes the log line of a request within a second of the answer', async () => {
    const from = service.lines.length;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    const answeredAt = Date.now();
    expect(response.status).toBe(200);
    const logged = await service.line((text) => json(text)?.msg === 'request' && json(text)?.path === '/healthz', 'logging the request', 10_000, from);
    expect(logged.at - answeredAt).toBeLessThanOrEqual(LINE_WITHIN_MS);
  });

  it('writes its stop lines before it exits on SIGTERM', async () => {
    service.child.kill('SIGTERM');
    const stopping = await service.line((text) => json(text)?.msg?.startsWith('stopping') === true, 'saying it is stopping');
    expect(stopping.at).toBeGreaterThan(0);
    await service.line((text) => json(text)?.msg === 'stopped', 'saying it stopped');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });
});

describe('the built service killed during start-up', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'mail-session-logs-'));
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('has written the line logged before the embedded PostgreSQL started, though killed with SIGKILL right after', async () => {
    // The service logs that it starts the embedded PostgreSQL, then creates its directory: once
    // the directory exists the line has been logged, and the whole process group is killed.
    const created = new Promise<void>((resolve) => {
      const watcher = watch(dataDir, () => {
        if (!existsSync(path.join(dataDir, 'postgres'))) return;
        watcher.close();
        resolve();
      });
    });
    const [httpPort = 0, postgresPort = 0] = await freePorts(2);
    const service = start(process.execPath, [MAIN], {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    });
    await Promise.race([created, service.exited]);
    expect(await killGroup(service)).toEqual({ code: null, signal: 'SIGKILL' });
    const first = service.lines.map((line) => json(line.text)).find((entry) => entry !== undefined);
    expect(first?.msg).toMatch(/PostgreSQL/);
  });
});

describe('the built service in a terminal', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  const env = async (extra: Record<string, string>) => ({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    DATABASE_URL: db.url,
    MAIL_SECRET_KEY: SECRET_KEY,
    AUTH_TOKENS: `admin:admin:${TOKEN}`,
    ...extra,
  });

  // util-linux's `script` gives the service a pseudo-terminal as stdout, as a developer's shell does.
  const inTerminal = (variables: Record<string, string>) => start('script', ['-qfec', `${process.execPath} ${MAIN}`, '/dev/null'], variables);

  it('writes human-readable lines (pino-pretty), not JSON, outside production', async () => {
    const service = inTerminal(await env({}));
    const ready = await service.line((text) => text.includes('mail-session-service ready'), 'saying the service is ready');
    expect(ready.text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*: .*mail-session-service ready/);
    expect(json(ready.text)).toBeUndefined();
    await killGroup(service, 'SIGTERM');
  });

  it('writes JSON when LOG_FORMAT=json', async () => {
    const service = inTerminal(await env({ LOG_FORMAT: 'json' }));
    const ready = await service.line((text) => text.includes('mail-session-service ready'), 'saying the service is ready');
    expect(json(ready.text.trim())).toMatchObject({ level: 30, msg: 'mail-session-service ready' });
    await killGroup(service, 'SIGTERM');
  });

  it('writes human-readable lines to a pipe when LOG_FORMAT=pretty', async () => {
    const service = start(process.execPath, [MAIN], await env({ LOG_FORMAT: 'pretty' }));
    const ready = await service.line((text) => text.includes('mail-session-service ready'), 'saying the service is ready');
    expect(ready.text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: mail-session-service ready/);
    await killGroup(service, 'SIGTERM');
  });
});
