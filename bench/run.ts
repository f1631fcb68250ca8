// `npm run bench`: measures the service against baselines measured in the same run, prints a
// table and writes the raw figures to bench/results/. `--quick` shortens every phase.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { buildApp as BuildApp } from '../src/app';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { createLogger } from '../src/platform/logging/logger';
import { OUTBOUND_QUEUE_NAME } from '../src/outbound/outbound-delivery-queue';
import { distinctQueries, readPath } from './read-path';
import { freePort, ROOT, rssMb, sleep, spawnNode, waitReady, type Child } from './support/processes';
import { handleInterrupts, stopIfInterrupted } from './support/interrupt';
import { outboundDelivery } from './delivery';
import { transportSwap } from './swap';
import { writePath } from './write-path';
import { acceptPath } from './accept';
import { inboundRead } from './inbound-read';

// The service as built by `npm run build` (dist/), so it finds prisma/migrations where it expects.
const { buildApp } = require('../../dist/app.js') as { buildApp: typeof BuildApp };

const quick = process.argv.includes('--quick');
/** `--only=accept,delivery` runs just those phases (startup, read, write, accept, swap, delivery, inbound). */
const PHASES = ['startup', 'read', 'write', 'accept', 'swap', 'delivery', 'inbound'] as const;
const onlyArgument = process.argv.find((argument) => argument.startsWith('--only='));
const only = onlyArgument ? new Set(onlyArgument.slice('--only='.length).split(',')) : undefined;
for (const phase of only ?? []) {
  if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`--only: unknown phase "${phase}"; phases: ${PHASES.join(', ')}`);
}
const runs = (phase: (typeof PHASES)[number]) => !only || only.has(phase);
/** Heap limits the Dockerfile and `npm start` run the service with. */
const NODE_FLAGS = '--max-old-space-size=128 --max-semi-space-size=4';
const ADMIN = `admin-${randomBytes(12).toString('hex')}`;
const VIEWER = `viewer-${randomBytes(12).toString('hex')}`;
const KEY = randomBytes(32).toString('base64');
const SERVICE = path.join(ROOT, 'dist/main.js');
const BENCH = path.join(ROOT, 'dist-bench/bench');

function serviceEnv(databaseUrl: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_TOKENS: `bench:admin:${ADMIN},reader:viewer:${VIEWER}`,
    MAIL_SECRET_KEY: KEY,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    NODE_OPTIONS: NODE_FLAGS,
  };
}

async function startService(databaseUrl: string): Promise<Child> {
  const port = await freePort();
  const child = spawnNode(SERVICE, serviceEnv(databaseUrl, port), port);
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  return child;
}

async function startBaseline(script: string): Promise<Child> {
  const port = await freePort();
  const child = spawnNode(path.join(BENCH, 'servers', script), { PORT: String(port) }, port);
  await waitReady(`http://127.0.0.1:${port}/healthz`);
  return child;
}

/** Start-up of `npm start`'s embedded mode: an empty data directory, then the kept one. */
async function startup() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mail-session-bench-data-'));
  await chmod(dataDir, 0o755);
  const measure = async () => {
    const port = await freePort();
    const started = performance.now();
    const child = spawnNode(
      SERVICE,
      {
        NODE_OPTIONS: NODE_FLAGS,
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
      port,
    );
    await waitReady(`http://127.0.0.1:${port}/readyz`, 120_000);
    const ms = performance.now() - started;
    const rss = rssMb(child.process.pid);
    await child.stop();
    return { ms, rss };
  };
  const empty = await measure();
  const kept = await measure();
  await rm(dataDir, { recursive: true, force: true });
  return { emptyDataDirMs: empty.ms, keptDataDirMs: kept.ms, rssWhenReadyMb: kept.rss };
}

/** sendEmail against plain pg, each server in its own process on the bench database (issue 16). */
async function acceptance(databaseUrl: string, seconds: number) {
  const senderToken = `sender-${randomBytes(12).toString('hex')}`;
  const servicePort = await freePort();
  const service = spawnNode(
    path.join(BENCH, 'servers', 'accept-service.js'),
    { DATABASE_URL: databaseUrl, PORT: String(servicePort), SENDER_TOKEN: senderToken, MAIL_SECRET_KEY: KEY, NODE_ENV: 'production', NODE_OPTIONS: NODE_FLAGS },
    servicePort,
  );
  const plainPort = await freePort();
  const plain = spawnNode(path.join(BENCH, 'servers', 'plain-pg-accept.js'), { DATABASE_URL: databaseUrl, PORT: String(plainPort) }, plainPort);
  try {
    await waitReady(`http://127.0.0.1:${servicePort}/readyz`);
    await sleep(300);
    return await acceptPath(
      { service: `http://127.0.0.1:${servicePort}/graphql`, plain: `http://127.0.0.1:${plainPort}/`, senderToken },
      databaseUrl,
      seconds,
      50,
      { service: service.process.pid, plain: plain.process.pid },
    );
  } finally {
    await service.stop();
    await plain.stop();
    // The accepted messages are real queued mail: left there, the delivery phases would send them too.
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('DELETE FROM pgboss.job WHERE name = $1', [OUTBOUND_QUEUE_NAME]);
    await client.query('DELETE FROM outbound_message');
    await client.end();
  }
}

async function main(): Promise<void> {
  const figures: Partial<Figures> & Pick<Figures, 'date' | 'machine' | 'quick'> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    quick,
  };
  const pgDir = await mkdtemp(path.join(tmpdir(), 'mail-session-bench-pg-'));
  handleInterrupts();
  const forgetPgDir = stopIfInterrupted(() => rm(pgDir, { recursive: true, force: true }));
  const pg = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dir: pgDir, port: await freePort() });
  const forgetPg = stopIfInterrupted(async () => pg?.stop());
  const adminUrl = process.env.DATABASE_URL ?? pg?.url ?? '';
  const database = `mail_session_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${database}`;
  const databaseUrl = dbUrl.toString();
  const children: Child[] = [];
  try {
    if (runs('startup')) {
      process.stdout.write('start-up...\n');
      figures.startup = await startup();
    }

    if (runs('read') || runs('write')) {
      process.stdout.write('read path...\n');
      const service = await startService(databaseUrl);
      children.push(service);
      if (runs('read')) {
        const hello = await startBaseline('hello-apollo.js');
        const plain = await startBaseline('plain-http.js');
        children.push(hello, plain);
        figures.rssWhenReadyMb = rssMb(service.process.pid);
        const seconds = quick ? 2 : 8;
        figures.read = await readPath(
          {
            service: `http://127.0.0.1:${service.port}/graphql`,
            hello: `http://127.0.0.1:${hello.port}/graphql`,
            plain: `http://127.0.0.1:${plain.port}/`,
            viewerToken: VIEWER,
          },
          quick ? 1 : 3,
          seconds,
          10,
        );
        figures.distinctQueries = await distinctQueries(`http://127.0.0.1:${service.port}/graphql`, VIEWER, seconds);
        figures.rssAfterReadMb = rssMb(service.process.pid);
        await hello.stop();
        await plain.stop();
      }

      if (runs('write')) {
        process.stdout.write('write path...\n');
        const others = [await startService(databaseUrl), await startService(databaseUrl)];
        children.push(...others);
        figures.write = await writePath([service, ...others], ADMIN, quick ? 30 : 200, 0, databaseUrl);
        for (const child of others) await child.stop();
      }
      await service.stop();
    }

    if (runs('accept')) {
      process.stdout.write('send acceptance...\n');
      figures.accept = await acceptance(databaseUrl, quick ? 3 : 10);
    }

    const smtpPort = await freePort();
    const countPort = await freePort();
    const sink = spawnNode(path.join(BENCH, 'servers', 'smtp-sink.js'), { PORT: String(smtpPort), HTTP_PORT: String(countPort) }, smtpPort);
    children.push(sink);
    await sleep(300);
    // The app options of the swap phase and of each delivery phase's own app.
    const appOptions = {
      databaseUrl,
      secretKey: { id: 'bench', key: Buffer.from(KEY, 'base64') },
      authTokens: [{ name: 'bench', role: 'admin' as const, token: ADMIN }],
      logger: createLogger('warn'),
      introspection: false,
      landingPage: false,
      reconcileIntervalMs: 30_000,
      listenerReconnectMs: 1_000,
      shutdownTimeoutMs: 10_000,
    };
    const app = await buildApp(appOptions);
    await app.mailSession.update({ outgoing: { host: '127.0.0.1', port: smtpPort, security: 'NONE' } }, { name: 'bench', roles: ['admin'] });
    if (runs('swap')) {
      process.stdout.write('transport swap...\n');
      figures.swap = await transportSwap(app, smtpPort, `http://127.0.0.1:${countPort}/count`, quick ? 3 : 10, 20);
    }
    await app.close();

    if (runs('delivery')) {
      process.stdout.write('outbound delivery...\n');
      figures.delivery = await outboundDelivery(
        appOptions,
        smtpPort,
        `http://127.0.0.1:${countPort}/count`,
        quick ? 300 : 2_000,
        quick ? 20 : 100,
        // Attempts wait mostly on the database: the default 4 at once, and 16 for a busier instance.
        4,
      );
      figures.delivery16 = await outboundDelivery(appOptions, smtpPort, `http://127.0.0.1:${countPort}/count`, quick ? 300 : 2_000, 0, 16);
    }
    if (runs('inbound')) {
      process.stdout.write('inbound read...\n');
      figures.inbound = await inboundRead(buildApp, adminUrl, quick ? 500 : 5_000, quick ? 20 : 100, 3);
    }
  } finally {
    for (const child of children) await child.stop();
    await pg?.stop();
    forgetPg();
    await rm(pgDir, { recursive: true, force: true });
    forgetPgDir();
  }
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `${figures.date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}${only ? `-${[...only].join('-')}` : ''}.json`);
  await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`\n${table(figures)}\nraw figures: ${path.relative(ROOT, file)}\n`);
}

const n = (value: number, digits = 1) => value.toFixed(digits);

interface Figures {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  quick: boolean;
  startup: Awaited<ReturnType<typeof startup>>;
  rssWhenReadyMb: number;
  rssAfterReadMb: number;
  read: Awaited<ReturnType<typeof readPath>>;
  distinctQueries: Awaited<ReturnType<typeof distinctQueries>>;
  write: Awaited<ReturnType<typeof writePath>>;
  swap: Awaited<ReturnType<typeof transportSwap>>;
  accept: Awaited<ReturnType<typeof acceptPath>>;
  delivery: Awaited<ReturnType<typeof outboundDelivery>>;
  delivery16: Awaited<ReturnType<typeof outboundDelivery>>;
  inbound: Awaited<ReturnType<typeof inboundRead>>;
}

/** The README table: each figure beside its baseline and target. */
function table(figures: Partial<Figures>): string {
  const f = figures as Figures;
  // Each row with the figure it needs: a phase left out by --only leaves its rows out.
  const rows: [unknown, () => string[]][] = [
    [
      f.read,
      () => [
        'Read path req/s (10 conn): service / Apollo hello / node:http',
        `${n(f.read.service.requestsPerSecond, 0)} / ${n(f.read.hello.requestsPerSecond, 0)} / ${n(f.read.plain.requestsPerSecond, 0)}`,
        `${n(f.read.ratioToHello, 2)}× hello`,
        '≥ 0.9× hello',
      ],
    ],
    [
      f.read,
      () => ['Read path p99 ms: service / hello', `${n(f.read.service.p99)} / ${n(f.read.hello.p99)}`, `${n(f.read.p99RatioToHello, 2)}× hello`, '≤ 2× hello'],
    ],
    [
      f.distinctQueries,
      () => ['Distinct query texts p99 ms (50 conn)', n(f.distinctQueries.p99), `${n(f.distinctQueries.requestsPerSecond, 0)} req/s`, '≤ 60 ms'],
    ],
    [f.write, () => ['updateMailSession p50 / p99 ms', `${n(f.write.updateP50)} / ${n(f.write.updateP99)}`, `${f.write.changes} changes`, '']],
    [
      f.write,
      () => [
        'Commit (NOTIFY received) → applied on 3 instances p50 / p99 ms',
        `${n(f.write.appliedFromCommitP50)} / ${n(f.write.appliedFromCommitP99)}`,
        `${f.write.changes} changes`,
        'p99 ≤ 50 ms',
      ],
    ],
    [
      f.write,
      () => [
        "… from the start of the request / from the writer's answer, p99 ms",
        `${n(f.write.appliedOnAllP99)} / ${n(f.write.appliedAfterAnswerP99)}`,
        'bounds',
        '',
      ],
    ],
    [
      f.startup,
      () => ['Start-up to ready: empty / kept data dir ms', `${n(f.startup.emptyDataDirMs, 0)} / ${n(f.startup.keptDataDirMs, 0)}`, '', 'kept ≤ 3000 ms'],
    ],
    [f.rssAfterReadMb, () => ['Resident memory MB: ready / after read benchmark', `${n(f.rssWhenReadyMb)} / ${n(f.rssAfterReadMb)}`, '', 'after ≤ 150 MB']],
    [
      f.swap,
      () => [
        'Transport swap msg/s: service (changes every 1 s) / plain pool',
        `${n(f.swap.serviceMessagesPerSecond, 0)} / ${n(f.swap.plainMessagesPerSecond, 0)}`,
        `${n(f.swap.ratio, 2)}×, lost ${f.swap.lost}`,
        '≥ 0.8×, 0 lost',
      ],
    ],
    [
      f.accept,
      () => [
        'sendEmail accepted msg/s (50 conn): service / plain pg',
        `${n(f.accept.service.acceptedPerSecond, 0)} / ${n(f.accept.plain.acceptedPerSecond, 0)}`,
        `${n(f.accept.ratio, 2)}×`,
        '≥ 0.5×',
      ],
    ],
    [
      f.accept,
      () => [
        'sendEmail acceptance p50 / p99 ms (50 conn): service / plain pg',
        `${n(f.accept.service.p50)} / ${n(f.accept.service.p99)} — ${n(f.accept.plain.p50)} / ${n(f.accept.plain.p99)}`,
        '',
        '',
      ],
    ],
    [
      f.accept,
      () => [
        'sendEmail CPU ms per accepted message (own process): service / plain pg',
        `${n(f.accept.service.cpuMsPerMessage, 2)} / ${n(f.accept.plain.cpuMsPerMessage, 2)}`,
        '',
        '',
      ],
    ],
    [
      f.delivery,
      () => [
        'Outbound delivery msg/s from a full queue (1 instance, 4 at once, changes every 1 s) / plain pool (mean of before and after)',
        `${n(f.delivery.serviceMessagesPerSecond, 0)} / ${n(f.delivery.plainMessagesPerSecond, 0)} (plain before ${n(f.delivery.plainMessagesPerSecondBefore, 0)}, after ${n(f.delivery.plainMessagesPerSecondAfter, 0)}; load ${n(f.delivery.loadAverage, 1)})`,
        `${n(f.delivery.ratio, 2)}×, lost ${f.delivery.lost}, duplicates ${f.delivery.duplicates}`,
        '≥ 0.8×, 0 lost',
      ],
    ],
    [
      f.delivery16,
      () => [
        'Outbound delivery msg/s, 16 at once (OUTBOUND_CONCURRENCY=16) / plain pool, 16 in flight',
        `${n(f.delivery16.serviceMessagesPerSecond, 0)} / ${n(f.delivery16.plainMessagesPerSecond, 0)} (plain before ${n(f.delivery16.plainMessagesPerSecondBefore, 0)}, after ${n(f.delivery16.plainMessagesPerSecondAfter, 0)}; load ${n(f.delivery16.loadAverage, 1)})`,
        `${n(f.delivery16.ratio, 2)}×, lost ${f.delivery16.lost}, duplicates ${f.delivery16.duplicates}`,
        '≥ 0.8×, 0 lost',
      ],
    ],
    [
      f.delivery,
      () => [
        "Outbound send path alone msg/s, 4 at once (the service's transports, held end, changes every 1 s; no queue) / plain pool",
        `${n(f.delivery.sendPathMessagesPerSecond, 0)} / ${n(f.delivery.plainMessagesPerSecond, 0)}; 16 at once ${n(f.delivery16.sendPathMessagesPerSecond, 0)} / ${n(f.delivery16.plainMessagesPerSecond, 0)}`,
        `${n(f.delivery.sendPathRatio, 2)}×; ${n(f.delivery16.sendPathRatio, 2)}×`,
        '',
      ],
    ],
    [
      f.delivery,
      () => [
        'Outbound acceptance → 250 recorded, idle queue, p50 / p99 ms',
        `${n(f.delivery.acceptToSentP50, 0)} / ${n(f.delivery.acceptToSentP99, 0)}`,
        '',
        '',
      ],
    ],
    [
      f.inbound,
      () => [
        `Inbound IMAP read msg/s (${f.inbound.mailboxSize} messages into the database) / plain imapflow fetch: first read after the poller starts`,
        `${n(f.inbound.serviceMessagesPerSecond, 0)} / ${n(f.inbound.plainMessagesPerSecond, 0)}`,
        `${n(f.inbound.ratio, 2)}×`,
        '≥ 0.5×',
      ],
    ],
    [
      f.inbound,
      () => [
        `Inbound IMAP read msg/s, the same ${f.inbound.mailboxSize} again by the same poller (its code warm) / plain imapflow fetch`,
        `${f.inbound.warmMessagesPerSecond.map((rate) => n(rate, 0)).join(', ')} / ${n(f.inbound.plainMessagesPerSecond, 0)}`,
        `${f.inbound.warmRatios.map((ratio) => n(ratio, 2)).join(', ')}×`,
        '≥ 0.5×',
      ],
    ],
    [
      f.inbound,
      () => [
        'Inbound Dovecot delivery → inboundMessageReceived (graphql-ws) with IDLE p50 / p99 ms; plain imapflow IDLE EXISTS p50 / p99 ms',
        `${n(f.inbound.deliveryToEventP50Ms)} / ${n(f.inbound.deliveryToEventP99Ms)}; ${n(f.inbound.deliveryToPlainExistsP50Ms)} / ${n(f.inbound.deliveryToPlainExistsP99Ms)}`,
        `${f.inbound.deliveries} messages`,
        '',
      ],
    ],
  ];
  const header = ['Measure', 'Figures', 'Ratio', 'Target'];
  const present = rows.filter(([needed]) => needed !== undefined).map(([, row]) => row());
  const lines = [header, header.map(() => '---'), ...present].map((r) => `| ${r.join(' | ')} |`);
  return lines.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
