import type { Logger } from 'pino';
import type { OutboundSettings } from '../config/outbound-settings.js';
import type { FetchedJob } from '../platform/queue/job-queue.js';
import type { BeforeEnd } from '../transport/hold-end.js';
import type { TransportManager } from '../transport/transport-manager.js';
import { retryDelayMs } from './delivery-backoff.js';
import { failedOutcome, sentOutcome, type DeliveryError, type DeliveryOutcome } from './delivery-outcome.js';
import type { DeliveryPace } from './delivery-pace.js';
import type { DeliveryRecorder } from './delivery-recorder.js';
import type { DeliveryJob } from './outbound-delivery-queue.js';
import type { AttemptRecord, OutboundDeliveryRepository } from './outbound-delivery.repository.js';
import { outboundMail, type DeliverableMessage } from './outbound-mail.js';

/** How an attempt ended, for the sends-by-outcome metric. */
export type AttemptResult = 'sent' | 'partially_sent' | 'retrying' | 'failed';

export interface AttemptDependencies {
  repository: OutboundDeliveryRepository;
  /** Where outcomes are recorded (grouped); the repository's own `record` when left out. */
  recorder?: Pick<DeliveryRecorder, 'record'>;
  transports: TransportManager;
  settings: Pick<OutboundSettings, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs' | 'attemptLeaseSeconds'>;
  pace: DeliveryPace | undefined;
  log: Logger;
  onResult?: (result: AttemptResult) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a database step until it succeeds or `deadline` passes: a database hiccup must not lose
 * what the attempt learnt (above all a 250 not yet recorded, the one source of duplicates).
 */
async function persistently<T>(step: () => Promise<T>, deadline: number, log: Logger, what: string): Promise<T> {
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await step();
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      log.warn({ err: error, step: what }, 'outbound delivery: database step failed, retrying');
      await sleep(wait);
    }
  }
}

function recordOf(outcome: DeliveryOutcome, attempts: number, version: number | null, settings: AttemptDependencies['settings']): AttemptRecord {
  if (outcome.kind === 'SENT') {
    return { status: 'SENT', accepted: outcome.accepted, rejected: outcome.rejected, reply: outcome.reply, settingsVersion: version ?? 0 };
  }
  const error: DeliveryError = { code: outcome.code, message: outcome.message, reply: outcome.reply, ...(outcome.rejected && { rejected: outcome.rejected }) };
  if (outcome.kind === 'PERMANENT' || attempts >= settings.maxAttempts) return { status: 'FAILED', error, settingsVersion: version };
  const nextAttemptAt = new Date(Date.now() + retryDelayMs(attempts, settings.retryBaseMs, settings.retryMaxMs));
  return { status: 'RETRYING', error, nextAttemptAt, settingsVersion: version };
}

function resultOf(record: AttemptRecord): AttemptResult {
  if (record.status === 'SENT') return record.rejected.length > 0 ? 'partially_sent' : 'sent';
  return record.status === 'RETRYING' ? 'retrying' : 'failed';
}

/** What the send of a claimed message came to, for `recordAttempt`. */
export interface SendResult {
  outcome: DeliveryOutcome;
  /** The settings version whose transport took (or failed) the send; null when none was applied. */
  version: number | null;
}

/**
 * Sends a claimed message through the transport current at this moment; a failure is an outcome,
 * never thrown. With `beforeEnd`, the `.` that ends DATA waits for its promise (the worker's place
 * under its limit of messages not yet recorded).
 */
export async function sendClaimed(message: DeliverableMessage, deps: Pick<AttemptDependencies, 'transports'>, beforeEnd?: BeforeEnd): Promise<SendResult> {
  const { transports } = deps;
  const connection = transports.outgoingConnection();
  try {
    const info = await transports.send(outboundMail(message), beforeEnd);
    return { outcome: sentOutcome(info), version: info.transportVersion };
  } catch (error) {
    return {
      outcome: failedOutcome(error, transports.outgoingConnection()?.security ?? connection?.security ?? 'NONE'),
      version: transports.appliedVersion > 0 ? transports.appliedVersion : null,
    };
  }
}

/**
 * Records what the send of a claimed message came to, together with its job's completion (and the
 * retry's job), persistently until `deadline`: a 250 not recorded is the one source of duplicates.
 */
export async function recordAttempt(
  job: FetchedJob<DeliveryJob>,
  message: { id: string; messageId: string; attempts: number },
  sent: SendResult,
  deps: AttemptDependencies,
  deadline: number,
): Promise<void> {
  const { settings, log } = deps;
  const recorder = deps.recorder ?? deps.repository;
  const record = recordOf(sent.outcome, message.attempts, sent.version, settings);
  await persistently(() => recorder.record(job.id, message.id, record), deadline, log, 'record');
  log.info(
    {
      outbound: message.id,
      messageId: message.messageId,
      attempt: message.attempts,
      status: record.status,
      ...(record.status !== 'SENT' ? { code: record.error.code } : { rejected: record.rejected.length }),
    },
    'outbound delivery attempt',
  );
  deps.onResult?.(resultOf(record));
}

/** The moment until which an attempt that took its job now may still write for it: within the lease, past which pg-boss may hand the job to another instance. */
export function attemptDeadline(settings: AttemptDependencies['settings']): number {
  return Date.now() + settings.attemptLeaseSeconds * 800;
}

/** Completes, persistently, the job of a message that is not to be sent (cancelled, done already, gone). */
export function dropJob(jobId: string, deps: AttemptDependencies, deadline: number): Promise<void> {
  return persistently(() => deps.repository.drop(jobId), deadline, deps.log, 'drop');
}

/**
 * One attempt of one job fetched alone, with a pace: the pace's slot is taken BEFORE the claim
 * (a message held back is put back unclaimed), then the compare-and-set to SENDING, the send
 * through the transport current at this moment, and the outcome recorded with the job's completion
 * (and the retry's job) in one transaction. Without a pace the worker claims batches (`claimDue`)
 * and calls `sendClaimed` and `recordAttempt` itself.
 */
export async function attemptDelivery(job: FetchedJob<DeliveryJob>, deps: AttemptDependencies): Promise<void> {
  const { repository, transports, pace, log } = deps;
  const deadline = attemptDeadline(deps.settings);
  const id = job.data.id;
  // The job was handed out before: whoever held it died or lost the database mid-attempt.
  const takeOver = job.retryCount > 0 || job.data.takeOver === true;
  const connection = transports.outgoingConnection();
  if (pace && connection) {
    const decision = await persistently(() => pace.take(`${connection.host}:${connection.port}`), deadline, log, 'pace');
    if (decision.kind === 'LATER') {
      await persistently(() => repository.postpone(job.id, { id, ...(takeOver ? { takeOver } : {}) }, decision.retryAt), deadline, log, 'postpone');
      return;
    }
    if (decision.waitMs > 0) await sleep(decision.waitMs);
  }
  const row = await persistently(() => repository.claim(job.id, id, takeOver), deadline, log, 'claim');
  if (!row) {
    await dropJob(job.id, deps, deadline);
    return;
  }
  await recordAttempt(job, row, await sendClaimed(row, deps), deps, deadline);
}
