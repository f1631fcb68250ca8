/**
 * Stops that stop: the built service in embedded mode gets a signal at every moment of start-up and
 * operation, and must stop what it started so far, once, exit 0 and leave no PostgreSQL behind, so
 * that the next start succeeds. A killed run's PostgreSQL is found and stopped by the next start.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePorts } from '../support/free-port';
import { waitUntil } from '../support/wait-until';
import {
  assertBuilt,
  exitWithin,
  freshDataDir,
  killAndClean,
  postmasterPidFile,
  processesOn,
  SCRIPTS,
  spawnScript,
  waitFor,
  waitUntilReady,
  type ServiceProcess,
} from '../support/service-process';
import { portAccepts } from '../support/port-accepts';

jest.setTimeout(180_000);

describe('signals to the built service in embedded mode', () => {
  let dataDir: string;
  let httpPort: number;
  let postgresPort: number;
  let env: Record<string, string>;
  let running: ServiceProcess | undefined;

  const start = (extra: Record<string, string> = {}) => (running = spawnScript(SCRIPTS.main, { ...env, ...extra }));
  const baseUrl = () => `http://127.0.0.1:${httpPort}`;

  /** Nothing of the service is left: no process on the data directory, no pid file, the ports closed. */
  async function expectNothingLeft(): Promise<void> {
    expect(await processesOn(dataDir)).toEqual([]);
    expect(existsSync(postmasterPidFile(dataDir))).toBe(false);
    expect(await portAccepts(postgresPort)).toBe(false);
    expect(await portAccepts(httpPort)).toBe(false);
  }

  async function stopWith(service: ServiceProcess, signal: NodeJS.Signals) {
    service.child.kill(signal);
    return exitWithin(service, 60_000);
  }

  beforeAll(async () => {
    assertBuilt();
    dataDir = await freshDataDir();
    [httpPort = 0, postgresPort = 0] = await freePorts(2);
    env = {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
  });

  afterEach(async () => {
    if (running?.child.exitCode === null && running.child.signalCode === null) await killAndClean(running, dataDir);
    running = undefined;
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stops right after it was spawned, leaving nothing', async () => {
    const service = start();
    const exit = await stopWith(service, 'SIGTERM');
    // Before node has run a line of ours the signal's default action ends it; after, our handler exits 0.
    expect([JSON.stringify({ code: 0, signal: null }), JSON.stringify({ code: null, signal: 'SIGTERM' })]).toContain(JSON.stringify(exit));
    await expectNothingLeft();
  });

  it('stops while initdb creates the cluster, exits 0 and leaves no half-made cluster', async () => {
    const service = start();
    await waitFor(service, 'initdb started', () => existsSync(path.join(dataDir, 'postgres', 'pgdata.initdb')));
    expect(await stopWith(service, 'SIGTERM')).toEqual({ code: 0, signal: null });
    await expectNothingLeft();
    expect(existsSync(path.join(dataDir, 'postgres', 'pgdata.initdb'))).toBe(false);
  });

  it('stops while the embedded PostgreSQL starts, exits 0 and stops that PostgreSQL', async () => {
    const service = start();
    await waitFor(service, 'PostgreSQL started', () => existsSync(postmasterPidFile(dataDir)));
    expect(await stopWith(service, 'SIGTERM')).toEqual({ code: 0, signal: null });
    await expectNothingLeft();
  });

  it('stops while it migrates and builds the app (PostgreSQL up, not yet listening), exits 0', async () => {
    const service = start({ LOG_LEVEL: 'debug' });
    await waitFor(service, 'PostgreSQL ready', async () => existsSync(postmasterPidFile(dataDir)) && (await portAccepts(postgresPort)));
    expect(await stopWith(service, 'SIGTERM')).toEqual({ code: 0, signal: null });
    await expectNothingLeft();
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('stops once on %s when ready, exits 0 and the next start succeeds', async (signal) => {
    const service = start();
    await waitUntilReady(service, baseUrl());
    expect(await stopWith(service, signal)).toEqual({ code: 0, signal: null });
    await expectNothingLeft();
    const lines = service.stdout.split('\n');
    expect(lines.filter((line) => line.includes('"msg":"stopping"'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('"msg":"stopped"'))).toHaveLength(1);
    expect(lines.some((line) => line.includes('already stopping'))).toBe(false);
  });

  it('finds the PostgreSQL of a killed run still running, stops it with a message, and starts', async () => {
    const killed = start();
    await waitUntilReady(killed, baseUrl());
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(await processesOn(dataDir)).not.toEqual([]);

    const next = start();
    await waitUntilReady(next, baseUrl());
    expect(await stopWith(next, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(next.stdout).toContain('found the PostgreSQL of an earlier run still running');
    expect(next.stdout).toContain('stopped the leftover PostgreSQL');
    await expectNothingLeft();
  });

  it('removes a stale postmaster.pid (its process gone) with a message, and starts', async () => {
    await writeFile(postmasterPidFile(dataDir), `999999\n${dataDir}\n0\n${postgresPort}\n`, { mode: 0o600 });
    const service = start();
    await waitUntilReady(service, baseUrl());
    expect(await stopWith(service, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(service.stdout).toContain('removed a stale postmaster.pid');
    await expectNothingLeft();
  });

  it('stops when SIGTERM is sent to `npm start` (npm forwards it to its script, which execs node)', async () => {
    const viaNpm = spawnScript(SCRIPTS.main, { ...env, npm_config_update_notifier: 'false' }, ['npm', 'start', '--ignore-scripts', '--silent']);
    running = viaNpm;
    await waitUntilReady(viaNpm, baseUrl());
    viaNpm.child.kill('SIGTERM');
    await exitWithin(viaNpm, 30_000);
    // The script execs node, so npm's forwarded SIGTERM reaches node; were it run through a shell that
    // does not pass it on, node would notice it was re-parented and stop all the same.
    await waitUntil('node and PostgreSQL stopped', async () => (await processesOn(dataDir)).length === 0 && !(await portAccepts(httpPort)), 30_000, 100);
    await expectNothingLeft();
  });
});
