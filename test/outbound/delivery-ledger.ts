/**
 * What reached the SMTP peer, counted by Message-ID against what sendEmail answered: the proof
 * that accepted means delivered (once), seen from the application's side.
 */
import type { ReceivedMessage } from '../support/smtp-peer';
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
