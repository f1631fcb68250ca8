import { toGlobalId } from '../platform/graphql/node.js';
import type { StoredInboundMessage } from './inbound-message.repository.js';
import type { InboundAttachment, InboundHeader, InboundMessage } from './inbound-message.type.js';

/** The type name of inbound messages' global ids. */
export const INBOUND_MESSAGE_TYPE = 'InboundMessage';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The `[{ name, value }]` the reader stores; entries of another shape are left out, not guessed at. */
export function headersOf(json: unknown): InboundHeader[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry: unknown) => {
    const header = record(entry);
    return typeof header?.name === 'string' && typeof header.value === 'string' ? [{ name: header.name, value: header.value }] : [];
  });
}

/** The `[{ filename, contentType, size, contentId }]` the reader stores; entries of another shape are left out. */
export function attachmentsOf(json: unknown): InboundAttachment[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry: unknown) => {
    const attachment = record(entry);
    if (typeof attachment?.contentType !== 'string' || typeof attachment.size !== 'number' || !Number.isSafeInteger(attachment.size)) return [];
    return [
      {
        filename: optionalText(attachment.filename),
        contentType: attachment.contentType,
        size: attachment.size,
        contentId: optionalText(attachment.contentId),
      },
    ];
  });
}

/** A stored row as the API shows it (GraphQL and the webhook's JSON): no raw source, no reader bookkeeping. */
export function inboundMessageView(row: StoredInboundMessage): InboundMessage {
  return {
    id: toGlobalId(INBOUND_MESSAGE_TYPE, row.id),
    localId: row.id,
    status: row.status,
    mailbox: row.mailbox,
    messageId: row.messageId,
    from: row.fromName === null && row.fromAddress === null ? null : { name: row.fromName, address: row.fromAddress },
    to: row.toAddresses,
    cc: row.ccAddresses,
    subject: row.subject,
    date: row.date,
    size: row.sizeBytes,
    headers: headersOf(row.headers),
    text: row.textBody,
    html: row.htmlBody,
    attachments: attachmentsOf(row.attachments),
    unparseable: row.unparseable,
    refusedReason: row.refusedReason,
    receivedAt: row.receivedAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
    rawDeletedAt: row.rawDeletedAt,
  };
}
