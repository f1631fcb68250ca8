import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { NewInboundMessage } from './inbound-message.parse.js';

/** Where reading an IMAP folder got to. */
export interface InboundCursor {
  uidValidity: bigint;
  lastUid: bigint;
}

/** How a batch is stored: skipping Message-IDs stored before (after a new UIDVALIDITY), and advancing the folder's cursor with it. */
export interface StoreOptions {
  /** Skip a message whose Message-ID is stored for its mailbox under any UIDVALIDITY (the folder is read again). */
  skipStoredMessageIds?: boolean;
  /** Set the folder's cursor in the same transaction as the rows. */
  cursor?: { mailbox: string } & InboundCursor;
}

/**
 * One batch as a single JSON parameter: a statement with thousands of bind parameters (Prisma's
 * `createMany`) cost about 0.6 ms a row, most of it in the client; one `jsonb_to_recordset`
 * costs about 0.05 ms a row. The raw source travels in base64.
 */
function batchJson(messages: readonly NewInboundMessage[]): string {
  return JSON.stringify(
    messages.map((message) => ({
      id: randomUUID(),
      mailbox: message.mailbox,
      uid_validity: message.uidValidity?.toString() ?? null,
      uid: message.uid?.toString() ?? null,
      uidl: message.uidl ?? null,
      status: message.status,
      message_id: message.messageId,
      from_name: message.fromName,
      from_address: message.fromAddress,
      to_addresses: message.toAddresses,
      cc_addresses: message.ccAddresses,
      subject: message.subject,
      date: message.date,
      size_bytes: message.sizeBytes,
      headers: message.headers,
      text_body: message.textBody,
      html_body: message.htmlBody,
      attachments: message.attachments,
      raw: message.raw === null ? null : message.raw.toString('base64'),
      unparseable: message.unparseable,
      refused_reason: message.refusedReason,
    })),
  );
}

// Rows that break a unique key (mailbox + UIDVALIDITY + UID, or mailbox + UIDL) are left out by
// ON CONFLICT DO NOTHING: a message stored before stays as it was. The row trigger announces each
// inserted row (inbound_message_stored) when the transaction commits.
const INSERT_BATCH = `
INSERT INTO inbound_message (id, mailbox, uid_validity, uid, uidl, status, message_id, from_name, from_address,
  to_addresses, cc_addresses, subject, date, size_bytes, headers, text_body, html_body, attachments, raw,
  unparseable, refused_reason)
SELECT x.id, x.mailbox, x.uid_validity, x.uid, x.uidl, x.status, x.message_id, x.from_name, x.from_address,
  x.to_addresses, x.cc_addresses, x.subject, x.date, x.size_bytes, x.headers, x.text_body, x.html_body, x.attachments,
  decode(x.raw, 'base64'), x.unparseable, x.refused_reason
FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, mailbox text, uid_validity bigint, uid bigint, uidl text,
  status "InboundStatus", message_id text, from_name text, from_address text, to_addresses text[], cc_addresses text[],
  subject text, date timestamptz, size_bytes integer, headers jsonb, text_body text, html_body text, attachments jsonb,
  raw text, unparseable boolean, refused_reason text)
WHERE NOT $2::boolean OR x.message_id IS NULL OR NOT EXISTS (
  SELECT 1 FROM inbound_message stored WHERE stored.mailbox = x.mailbox AND stored.message_id = x.message_id)
ON CONFLICT DO NOTHING`;

/**
 * The reader's write path: messages fetched from the mailbox go into `inbound_message`, each at
 * most once, and where reading each IMAP folder got to into `inbound_cursor` (its one write path).
 * The unique keys, not the reader's bookkeeping, are what keep a message from being stored twice.
 * The application's side of the table (reading, acknowledging, retention) is
 * `inbound-mail/inbound-message.repository.ts`.
 */
export class FetchedMessageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Inserts a batch in one statement (`INSERT … ON CONFLICT DO NOTHING`), with the cursor when
   * asked, in one transaction. Resolves once committed with how many rows are new.
   */
  async store(messages: readonly NewInboundMessage[], options: StoreOptions = {}): Promise<number> {
    const { cursor } = options;
    if (messages.length === 0 && !cursor) return 0;
    const insert = this.prisma.$executeRawUnsafe(INSERT_BATCH, batchJson(messages), options.skipStoredMessageIds === true);
    if (!cursor) return messages.length === 0 ? 0 : insert;
    const [inserted] = await this.prisma.$transaction([insert, this.setCursorQuery(cursor.mailbox, cursor)]);
    return inserted;
  }

  /** Which of `uidls` are stored for `mailbox` (POP3), and whether each was refused (left on the server). */
  async storedUidls(mailbox: string, uidls: readonly string[]): Promise<Map<string, { refused: boolean }>> {
    if (uidls.length === 0) return new Map();
    const rows = await this.prisma.inboundMessage.findMany({ where: { mailbox, uidl: { in: [...uidls] } }, select: { uidl: true, status: true } });
    return new Map(rows.flatMap((row) => (row.uidl === null ? [] : [[row.uidl, { refused: row.status === 'REFUSED' }] as const])));
  }

  async cursor(mailbox: string): Promise<InboundCursor | undefined> {
    const row = await this.prisma.inboundCursor.findUnique({ where: { mailbox } });
    return row === null ? undefined : { uidValidity: row.uidValidity, lastUid: row.lastUid };
  }

  /** Records that every message up to `lastUid` under `uidValidity` is stored (or refused), and done with on the server. */
  async setCursor(mailbox: string, cursor: InboundCursor): Promise<void> {
    await this.setCursorQuery(mailbox, cursor);
  }

  private setCursorQuery(mailbox: string, cursor: InboundCursor) {
    const { uidValidity, lastUid } = cursor;
    return this.prisma.inboundCursor.upsert({
      where: { mailbox },
      create: { mailbox, uidValidity, lastUid },
      update: { uidValidity, lastUid, updatedAt: new Date() },
    });
  }
}
