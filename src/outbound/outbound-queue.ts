import type { Prisma } from '../generated/prisma/client.js';

/** The outbound delivery queue: a message's job is written in the caller's transaction. */
export interface OutboundQueue {
  /** Writes the delivery job for the message `id` inside `tx`, due at once or at `startAfter`. */
  enqueue(tx: Prisma.TransactionClient, id: string, startAfter?: Date): Promise<void>;
}
