import { registerEnumType } from 'type-graphql';
import type { OutboundStatus as StoredStatus } from '../generated/prisma/client.js';

/** Where an outbound message is in its life; the same names as the `OutboundStatus` column type. */
export const OutboundStatus = {
  QUEUED: 'QUEUED',
  SENDING: 'SENDING',
  SENT: 'SENT',
  RETRYING: 'RETRYING',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const satisfies Record<StoredStatus, StoredStatus>;

registerEnumType(OutboundStatus, {
  name: 'OutboundStatus',
  description: 'Where an outbound message is: waiting, being sent, or in one of its final states (SENT, FAILED, CANCELLED)',
  valuesConfig: {
    QUEUED: { description: 'Accepted and waiting for its first attempt (or for a retry an admin asked for)' },
    SENDING: { description: 'An instance is sending it now' },
    SENT: { description: 'The server accepted it for at least one recipient (rejectedRecipients lists any it refused)' },
    RETRYING: { description: 'An attempt failed for a reason that may pass (4xx, connection, timeout, transport down); the next one is due at nextAttemptAt' },
    FAILED: { description: 'Refused for good (5xx), or still failing after the last attempt: lastError says why; an admin may retry it' },
    CANCELLED: { description: 'Cancelled by an admin before it was sent; an admin may retry it' },
  },
});
