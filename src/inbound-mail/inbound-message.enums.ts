import { registerEnumType } from 'type-graphql';
import type { InboundStatus } from '../generated/prisma/enums.js';

/** The GraphQL enum mirrors the table's status value for value. */
export const InboundMessageStatus = { NEW: 'NEW', ACKNOWLEDGED: 'ACKNOWLEDGED', REFUSED: 'REFUSED' } as const satisfies Record<InboundStatus, InboundStatus>;
export type InboundMessageStatus = InboundStatus;

registerEnumType(InboundMessageStatus, {
  name: 'InboundMessageStatus',
  description: 'Where a stored inbound message stands with the application',
  valuesConfig: {
    NEW: { description: 'Stored and not yet acknowledged: the application has work to do' },
    ACKNOWLEDGED: { description: 'The application said it has handled the message (acknowledgeInboundMessage)' },
    REFUSED: {
      description:
        'Not taken in (see refusedReason, e.g. larger than INBOUND_MAX_MESSAGE_BYTES): recorded with its headers, left on the mail server; cannot be acknowledged',
    },
  },
});
