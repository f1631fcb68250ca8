/**
 * `migrate` and `secrets:rotate` without DATABASE_URL work on the embedded database under DATA_DIR
 * (started for the command and stopped again), rotation keeps the development key ring current so
 * that a plain start still starts, and a lost development key says how to start over.
 */
import { readFile, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { freePorts } from '../support/free-port';
import {
  assertBuilt,
  exitWithin,
  freshDataDir,
  postmasterPidFile,
  processesOn,
  SCRIPTS,
  spawnScript,
  waitUntilReady,
  type ServiceProcess,
} from '../support/service-process';
import { existsSync } from 'node:fs';

jest.setTimeout(180_000);

const STACK_LINE = /^\s+at /m;
const READ = `query { mailSession { version outgoing { host passwordSet } transports { outgoing { state lastError } } } }`;
const UPDATE = `mutation Update($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }`;

async function graphql(baseUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

describe('maintenance commands on the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let baseUrl: string;
  const started: ServiceProcess[] = [];

  function run(script: string, extra: Record<string, string> = {}): ServiceProcess {
    const child = spawnScript(script, { ...env, ...extra });
    started.push(child);
    return child;
  }

  /** Runs a command to its end; resolves with it once it exited 0 and left no PostgreSQL running. */
  async function succeeds(script: string, extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const child = run(script, extra);
    const exit = await exitWithin(child, 90_000);
    expect({ exit, stderr: child.stderr }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    expect(await processesOn(dataDir)).toEqual([]);
    expect(existsSync(postmasterPidFile(dataDir))).toBe(false);
    return child;
  }

  async function serve(): Promise<{ service: ServiceProcess; token: string }> {
    const service = run(SCRIPTS.main);
    await waitUntilReady(service, baseUrl);
    const token = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
    return { service, token };
  }

  async function stop(service: ServiceProcess): Promise<void> {
    service.child.kill('SIGTERM');
    expect(await exitWithin(service, 60_000)).toEqual({ code: 0, signal: null });
  }

  const ring = async () => (await readFile(path.join(dataDir, 'mail-secret-key'), 'utf8')).trim().split('\n');

  beforeAll(async () => {
    assertBuilt();
    dataDir = await freshDataDir();
    const [httpPort = 0, postgresPort = 0] = await freePorts(2);
    baseUrl = `http://127.0.0.1:${httpPort}`;
    env = { NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(httpPort), EMBEDDED_POSTGRES_PORT: String(postgresPort), DATA_DIR: dataDir };
  });

  afterAll(async () => {
    for (const child of started) child.child.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates the embedded database under DATA_DIR without DATABASE_URL, then finds nothing left to apply', async () => {
    const first = await succeeds(SCRIPTS.migrate);
    expect(first.stdout).toContain(`DATABASE_URL not set: migrating the embedded PostgreSQL under ${dataDir}`);
    expect(first.stdout).toMatch(/^[1-9]\d* migration\(s\) applied, 0 already applied$/m);
    const again = await succeeds(SCRIPTS.migrate);
    expect(again.stdout).toMatch(/^0 migration\(s\) applied, [1-9]\d* already applied$/m);
  });

  it('generates the development key with id k1, the id a key without one gets', async () => {
    const { service, token } = await serve();
    const saved = await graphql(baseUrl, token, UPDATE, {
      input: { outgoing: { host: 'smtp.example.test', port: 587, security: 'STARTTLS', user: 'u', password: 'Embedded-Rotate-Secret' } },
    });
    expect(saved).toEqual({ data: { updateMailSession: { mailSession: { version: 1 } } } });
    await stop(service);
    const keys = await ring();
    expect(keys.map((line) => line.split(':')[0])).toEqual(['k1']);
  });

  it('rotates on the embedded database with a key it generates into the key ring, and a plain start then starts', async () => {
    const rotation = await succeeds(SCRIPTS.rotate);
    expect(rotation.stdout).toContain('stored secret(s) re-encrypted with key "k2"');
    expect(rotation.stdout).toMatch(/^(\d+) of \1 stored secret\(s\) re-encrypted with key "k2"$/m);
    expect((await ring()).map((line) => line.split(':')[0])).toEqual(['k2']);

    const { service, token } = await serve();
    expect(await graphql(baseUrl, token, READ)).toEqual({
      data: {
        mailSession: { version: 1, outgoing: { host: 'smtp.example.test', passwordSet: true }, transports: { outgoing: { state: 'READY', lastError: null } } },
      },
    });
    await stop(service);
  });

  it('refuses to work on the embedded database while the service runs on it, changing nothing', async () => {
    const { service } = await serve();
    try {
      const before = await ring();
      const child = run(SCRIPTS.rotate);
      expect(await exitWithin(child, 60_000)).toEqual({ code: 1, signal: null });
      expect(child.stderr).toMatch(/^secrets:rotate: DATA_DIR: the embedded PostgreSQL under \S+ \(pid \d+\) belongs to another running process/);
      expect(await ring()).toEqual(before);
    } finally {
      await stop(service);
    }
  });

  it.each([
    ['node dist/main.js', {}],
    ['npm start', { npm_lifecycle_event: 'start' }],
  ])('says how to start over when the development key is lost, naming `%s`', async (command, extra) => {
    await unlink(path.join(dataDir, 'mail-secret-key'));
    const child = run(SCRIPTS.main, extra);
    expect(await exitWithin(child, 60_000)).toEqual({ code: 1, signal: null });
    expect(child.stderr).toContain('mail-session-service: cannot start: DATA_DIR: stored secret for');
    expect(child.stderr).toContain(`delete ${dataDir} (its database, key ring and admin token) and run \`${command}\` again`);
    expect(`${child.stdout}\n${child.stderr}`).not.toMatch(STACK_LINE);
    expect(await processesOn(dataDir)).toEqual([]);
  });

  it('needs DATABASE_URL in production', async () => {
    const child = run(SCRIPTS.migrate, { NODE_ENV: 'production' });
    expect(await exitWithin(child, 30_000)).toEqual({ code: 1, signal: null });
    expect(child.stderr).toMatch(/^migrate: DATABASE_URL: required in production/);
  });
});
