/**
 * What reached the SMTP peer, counted by Message-ID against what sendEmail answered: the proof
 * that accepted means delivered (once), seen from the application's side.
 */
import type { TestDatabase } from '../support/database';
import type { ReceivedMessage } from '../support/smtp-peer';
import { waitUntil } from '../support/wait-until';
import { requestIndexOf, type Answer } from './api-sender';
import { arrivals } from './service-instances';

export interface DeliveryLedger {
  /** Distinct Message-IDs that arrived. */
  distinct: number;
  /** Arrivals beyond the first of a Message-ID. */
  duplicates: number;
  /** The Message-IDs that arrived more than once. */
  duplicated: string[];
  /** Answered as accepted and never arrived: lost. */
  missing: Answer[];
  /** Arrived with a Message-ID no answer gave: a message no request was answered with. */
  unanswered: string[];
  /** Requests for which more than one message (distinct Message-IDs) arrived: a request delivered twice. */
  twice: number[];
}

export function deliveryLedger(received: readonly ReceivedMessage[], answers: ReadonlyMap<number, Answer>): DeliveryLedger {
  const { distinct, duplicates, counts } = arrivals(received.map((message) => message.messageId));
  const answeredIds = new Set([...answers.values()].map((answer) => answer.messageId));
  const idsByRequest = new Map<number, Set<string>>();
  for (const message of received) {
    const index = requestIndexOf(message.headers);
    if (index === undefined || message.messageId === undefined) continue;
    const ids = idsByRequest.get(index) ?? new Set<string>();
    ids.add(message.messageId);
    idsByRequest.set(index, ids);
  }
  return {
    distinct,
    duplicates,
    duplicated: [...counts].filter(([, count]) => count > 1).map(([id]) => id),
    missing: [...answers.values()].filter((answer) => !counts.has(answer.messageId)),
    unanswered: [...counts.keys()].filter((id) => !answeredIds.has(id)),
    twice: [...idsByRequest].filter(([, ids]) => ids.size > 1).map(([index]) => index),
  };
}

/** Messages by status, straight from the table. */
export async function countByStatus(db: Pick<TestDatabase, 'query'>): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; count: number }>('SELECT status::text AS status, count(*)::int AS count FROM outbound_message GROUP BY status');
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

/**
 * Waits until no message waits or is being sent (every row SENT, FAILED or CANCELLED) and returns
 * the counts. Fails, naming them, when the counts stop changing for `stallMs` (a message stuck,
 * e.g. QUEUED without a job) or after `timeoutMs`. A message lost before its commit does not hold
 * this up: the ledger then names it missing.
 */
export async function drained(db: Pick<TestDatabase, 'query'>, timeoutMs: number, stallMs = 30_000): Promise<Record<string, number>> {
  let counts: Record<string, number> = {};
  let seen = '';
  let changedAt = Date.now();
  const open = () => (counts.QUEUED ?? 0) + (counts.RETRYING ?? 0) + (counts.SENDING ?? 0);
  try {
    await waitUntil(
      'no message waits or is being sent',
      async () => {
        counts = await countByStatus(db);
        const now = JSON.stringify(counts);
        if (now !== seen) [seen, changedAt] = [now, Date.now()];
        else if (Date.now() - changedAt > stallMs) throw new Error(`no message changed status for ${stallMs} ms`);
        return open() === 0;
      },
      timeoutMs,
      250,
    );
  } catch (error) {
    throw new Error(`${String(error)}; messages by status: ${JSON.stringify(counts)}`, { cause: error });
  }
  return counts;
}
