import { MailCheckFailureCode } from '../mail-check/mail-check.enums.js';
import { toGlobalId } from '../platform/graphql/node.js';
import type { StoredOutboundMessage } from './outbound-message.repository.js';
import type { OutboundError, OutboundMessage, RejectedRecipient } from './outbound-message.type.js';

/** The GraphQL type name, and the first part of every global id of a message. */
export const OUTBOUND_MESSAGE_TYPE = 'OutboundMessage';

function isFailureCode(value: string | null): value is keyof typeof MailCheckFailureCode {
  return value !== null && Object.hasOwn(MailCheckFailureCode, value);
}

function lastErrorOf(row: StoredOutboundMessage): OutboundError | null {
  if (row.lastErrorCode === null && row.lastErrorMessage === null && row.lastReply === null) return null;
  return {
    code: isFailureCode(row.lastErrorCode) ? row.lastErrorCode : null,
    message: row.lastErrorMessage ?? row.lastErrorCode ?? 'failed',
    reply: row.lastReply,
  };
}

/** `[{ address, reply }]` as the worker writes it; entries of another shape are left out rather than failing the read. */
function rejectedOf(value: unknown): RejectedRecipient[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { address, reply } = entry as { address?: unknown; reply?: unknown };
    return typeof address === 'string' ? [{ address, reply: typeof reply === 'string' ? reply : null }] : [];
  });
}

/** A stored message as the API shows it: no body, attachment or header. */
export function toOutboundMessage(row: StoredOutboundMessage): OutboundMessage {
  return {
    id: toGlobalId(OUTBOUND_MESSAGE_TYPE, row.id),
    messageId: row.messageId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: lastErrorOf(row),
    to: row.toAddresses,
    cc: row.ccAddresses,
    bcc: row.bccAddresses,
    subject: row.subject,
    sizeBytes: row.sizeBytes,
    acceptedRecipients: row.acceptedRecipients,
    rejectedRecipients: rejectedOf(row.rejectedRecipients),
    settingsVersion: row.settingsVersion,
    createdBy: row.createdBy,
    acceptedAt: row.acceptedAt,
    sentAt: row.sentAt,
    contentDeletedAt: row.contentDeletedAt,
  };
}
