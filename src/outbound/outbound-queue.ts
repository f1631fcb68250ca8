import type { Prisma } from '../generated/prisma/client.js';

/** The outbound delivery queue: a message's job is written in the caller's transaction. */
export interface OutboundQueue {
  /** Writes the delivery job for the message `id` inside `tx`, due at once or at `startAfter`. */
  enqueue(tx: Prisma.TransactionClient, id: string, startAfter?: Date): Promise<void>;
  /**
   * The delivery job of each message in the CTE named `accepted` (column `id`), due at once, as a
   * data-modifying statement for the same `WITH` as the messages' INSERT: sendEmail then writes a
   * message and its job in one statement, one round trip. It must fail (and so write nothing)
   * when it cannot write every job. A queue without it has its job written by `enqueue` in a
   * transaction with the message.
   */
  jobStatement?(accepted: string): string;
}
