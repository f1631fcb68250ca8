import { UnavailableError } from '../platform/errors/domain-errors.js';
import type { OutboundQueue } from './outbound-queue.js';

/**
 * The queue of an app built without a delivery queue: it refuses every job, so the transaction
 * that would accept the message rolls back and sendEmail answers UNAVAILABLE. Nothing is accepted
 * that nothing would deliver.
 */
export const unconfiguredOutboundQueue: OutboundQueue = {
  enqueue: () => Promise.reject(new UnavailableError('Outbound delivery is not set up on this instance; the message was not accepted')),
};
