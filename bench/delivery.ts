import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import type { App, AppOptions, buildApp as BuildApp } from '../src/app';
import type { PrismaClient as PrismaClientType } from '../src/generated/prisma/client';
import type { JobQueue as JobQueueType } from '../src/platform/queue/job-queue';
import type { OutboundDeliveryQueue as OutboundDeliveryQueueType } from '../src/outbound/outbound-delivery-queue';
import type { outboundMail as OutboundMailType } from '../src/outbound/outbound-mail';
import { PrismaPg } from '@prisma/adapter-pg';
import { createLogger } from '../src/platform/logging/logger';
import { DEFAULT_OUTBOUND_SETTINGS } from '../src/config/outbound-settings';
import { stopIfInterrupted } from './support/interrupt';

// The service as built (dist/), as run.ts loads it.
const { buildApp } = require('../../dist/app.js') as { buildApp: typeof BuildApp };
const { PrismaClient } = require('../../dist/generated/prisma/client.js') as { PrismaClient: typeof PrismaClientType };
const { JobQueue } = require('../../dist/platform/queue/job-queue.js') as { JobQueue: typeof JobQueueType };
const { OutboundDeliveryQueue } = require('../../dist/outbound/outbound-delivery-queue.js') as { OutboundDeliveryQueue: typeof OutboundDeliveryQueueType };
const { outboundMail } = require('../../dist/outbound/outbound-mail.js') as { outboundMail: typeof OutboundMailType };

interface SinkCount {
  received: number;
  duplicates: number;
}

const sinkCount = async (countUrl: string): Promise<SinkCount> => (await (await fetch(countUrl)).json()) as SinkCount;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/** Writes `count` messages as sendEmail accepts them: a row and its job per transaction, `parallel` at a time. */
async function accept(prisma: PrismaClientType, queue: OutboundDeliveryQueueType, count: number, parallel: number, createdBy: string): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const index = next++;
        const id = randomUUID();
        const text = `message ${index}`;
        await prisma.$transaction(async (tx) => {
          await tx.outboundMessage.create({
            data: {
              id,
              messageId: `<${id}@bench.test>`,
              createdBy,
              contentHash: id,
              toAddresses: [`r${index}@bench.test`],
              subject: `m${index}`,
              textBody: text,
              sizeBytes: text.length,
            },
          });
          await queue.enqueue(tx, id);
        });
        ids.push(id);
      }
    }),
  );
  return ids;
}

/**
 * Waits until `count` messages of `createdBy` are SENT. One cheap count on a plain connection:
 * the watcher runs in the process that delivers, and must not take the CPU the sends need (the
 * baseline has no watcher). The rates come from the rows' timestamps, not from this poll.
 */
async function untilSent(watcher: Client, createdBy: string, count: number, timeoutMs: number, everyMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const sent = async () =>
    (await watcher.query<{ n: number }>("SELECT count(*)::int AS n FROM outbound_message WHERE created_by = $1 AND status = 'SENT'", [createdBy])).rows[0]?.n ??
    0;
  while ((await sent()) < count) {
    if (Date.now() > deadline) throw new Error('messages not delivered in time');
    await sleep(everyMs);
  }
}

/**
 * A plain pooled nodemailer transport sending `messages` with `concurrency` in flight: the rate from
 * the first to the last completed send. It holds as many SMTP connections as the service's live
 * transport does (app.ts: at least nodemailer's 5): a pool closes each connection after 100
 * messages, and the peer greets a new one only after 100 ms, so with no spare connection (4 for 4
 * sends, as before 2026-12-05 19:40 UTC) a quarter of the plain pool stood waiting for a greeting
 * while the service's spare one covered it.
 */
async function plainDelivery(smtpPort: number, messages: number, concurrency: number): Promise<{ rate: number; failed: number }> {
  const plain = createTransport({ pool: true, maxConnections: Math.max(5, concurrency), host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
  const completions: number[] = [];
  let failed = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (n < messages) {
        const i = n++;
        try {
          await plain.sendMail({
            from: 'bench@bench.test',
            to: `r${i}@bench.test`,
            subject: `m${i}`,
            text: `message ${i}`,
            messageId: `<plain-${i}-${randomUUID()}@bench.test>`,
          });
          completions.push(performance.now());
        } catch {
          failed++;
        }
      }
    }),
  );
  plain.close();
  return { rate: (completions.length - 1) / (((completions.at(-1) ?? 0) - (completions[0] ?? 0)) / 1000), failed };
}

/**
 * The service's send path without its queue: `messages` sends straight into the app's live
 * transports (`TransportManager.send`, as the worker's attempts do: the stored row's message, the
 * held end of DATA, given at once here, since nothing is recorded) with `concurrency` in flight,
 * while `changeSettings` runs. What the queue's claims and records add to a send is the
 * difference between this rate and the service's.
 */
async function sendPathOnly(app: App, messages: number, concurrency: number): Promise<number> {
  const completions: number[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (n < messages) {
        const i = n++;
        const id = randomUUID();
        const message = outboundMail({
          id,
          messageId: `<${id}@bench.test>`,
          fromName: null,
          fromAddress: null,
          toAddresses: [`r${i}@bench.test`],
          ccAddresses: [],
          bccAddresses: [],
          replyTo: [],
          subject: `m${i}`,
          textBody: `message ${i}`,
          htmlBody: null,
          headers: [],
          attachments: [],
        });
        await app.transports.send(message, () => Promise.resolve());
        completions.push(performance.now());
      }
    }),
  );
  return (completions.length - 1) / (((completions.at(-1) ?? 0) - (completions[0] ?? 0)) / 1000);
}

/**
 * Outbound delivery (issue 16). Throughput: a full queue of `messages` drained by one instance
 * (OUTBOUND_CONCURRENCY `concurrency`) while the settings change every second, against a plain pooled
 * nodemailer transport sending the same number with the same concurrency, in the same run (before
 * and after the service: the mean of the two); each rate from its first to its last completed send. Latency: acceptance (the row's acceptedAt) to
 * the recorded 250 (sentAt), one message at a time on an idle queue, with the default poll interval.
 * Then the same number of sends through the same app's transports without the queue (`sendPathOnly`).
 */
export async function outboundDelivery(
  options: Omit<AppOptions, 'outbound'>,
  smtpPort: number,
  countUrl: string,
  messages: number,
  latencySamples: number,
  concurrency: number,
) {
  // Baseline: plain pooled nodemailer, `concurrency` sends in flight; measured before and after the
  // service (the mean of the two is the baseline), so that load on the machine changing during the
  // run weighs on both sides alike. A first, unmeasured run warms nodemailer's code, which the
  // service (in this process) then finds warm too: measured cold, the run before came out a
  // third slower than the one after.
  await plainDelivery(smtpPort, Math.min(messages, 1_000), concurrency);
  const plainBefore = await plainDelivery(smtpPort, messages, concurrency);

  // A full queue, written before the instance starts.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: options.databaseUrl }) });
  const jobs = new JobQueue({
    databaseUrl: options.databaseUrl,
    applicationName: 'bench-accept',
    log: createLogger('warn'),
    maintenanceIntervalSeconds: 3_600,
  });
  await jobs.start();
  const queue = new OutboundDeliveryQueue(jobs);
  await queue.declare(900);
  const watcher = new Client({ connectionString: options.databaseUrl, application_name: 'bench-watcher' });
  await watcher.connect();
  // Each run's own rows: the count and the span below see only them.
  const run = `bench-${concurrency}-${randomUUID().slice(0, 8)}`;
  const before = await sinkCount(countUrl);
  const ids = await accept(prisma, queue, messages, 8, run);
  const app: App = await buildApp({ ...options, outbound: { ...DEFAULT_OUTBOUND_SETTINGS, concurrency } });
  const forgetApp = stopIfInterrupted(() => app.close());
  const caller = { name: 'bench', roles: ['admin' as const] };
  let changes = 0;
  const changeSettings = () =>
    setInterval(() => {
      changes++;
      void app.mailSession.update({ additionalProperties: [{ key: 'mail.smtp.localhost', value: `d${changes}.bench.test` }] }, caller);
    }, 1000);
  let changer = changeSettings();
  try {
    await untilSent(watcher, run, ids.length, 600_000, 50);
  } finally {
    clearInterval(changer);
  }
  const span = await prisma.outboundMessage.aggregate({ where: { id: { in: ids } }, _min: { sentAt: true }, _max: { sentAt: true } });
  const serviceSeconds = ((span._max.sentAt?.getTime() ?? 0) - (span._min.sentAt?.getTime() ?? 0)) / 1000;
  const serviceRate = (ids.length - 1) / serviceSeconds;
  await sleep(200);
  const after = await sinkCount(countUrl);

  // Idle queue: one message at a time, acceptance to the recorded 250.
  const latencies: number[] = [];
  for (let i = 0; i < latencySamples; i++) {
    const [id] = await accept(prisma, queue, 1, 1, `${run}-${i}`);
    if (id === undefined) continue;
    await untilSent(watcher, `${run}-${i}`, 1, 30_000, 5);
    const row = await prisma.outboundMessage.findUniqueOrThrow({ where: { id } });
    latencies.push((row.sentAt?.getTime() ?? NaN) - row.acceptedAt.getTime());
  }
  latencies.sort((a, b) => a - b);
  changer = changeSettings();
  let sendPathRate: number;
  try {
    sendPathRate = await sendPathOnly(app, messages, concurrency);
  } finally {
    clearInterval(changer);
  }
  await app.close();
  forgetApp();
  const plainAfter = await plainDelivery(smtpPort, messages, concurrency);
  const plainRate = (plainBefore.rate + plainAfter.rate) / 2;
  await jobs.stop();
  await watcher.end();
  await prisma.$disconnect();
  return {
    messages,
    concurrency,
    settingsChanges: changes,
    plainMessagesPerSecond: plainRate,
    plainMessagesPerSecondBefore: plainBefore.rate,
    plainMessagesPerSecondAfter: plainAfter.rate,
    loadAverage: os.loadavg()[0] ?? Number.NaN,
    serviceMessagesPerSecond: serviceRate,
    ratio: serviceRate / plainRate,
    sendPathMessagesPerSecond: sendPathRate,
    sendPathRatio: sendPathRate / plainRate,
    lost: plainBefore.failed + plainAfter.failed + Math.max(0, messages - (after.received - before.received)),
    duplicates: after.duplicates - before.duplicates,
    acceptToSentP50: percentile(latencies, 50),
    acceptToSentP99: percentile(latencies, 99),
  };
}
