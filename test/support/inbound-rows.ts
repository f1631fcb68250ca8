/**
 * Inserts `inbound_message` rows as the inbound reader (issue 17, READER) stores them: one row per
 * message, straight into the table, on a connection of the test's own. Nothing of the service is
 * told: whatever reacts to a stored message must learn of it from the database.
 */
import { randomUUID } from 'node:crypto';

type Query = <T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface InboundRow {
  id?: string;
  status?: 'NEW' | 'ACKNOWLEDGED' | 'REFUSED';
  mailbox?: string;
  uidValidity?: number | null;
  uid?: number | null;
  uidl?: string | null;
  messageId?: string | null;
  fromName?: string | null;
  fromAddress?: string | null;
  to?: string[];
  cc?: string[];
  subject?: string | null;
  date?: Date | null;
  sizeBytes?: number;
  headers?: { name: string; value: string }[];
  text?: string | null;
  html?: string | null;
  attachments?: { filename: string | null; contentType: string; size: number; contentId: string | null }[];
  raw?: Buffer | null;
  unparseable?: boolean;
  refusedReason?: string | null;
  receivedAt?: Date;
}

let nextUid = 1;

/** A plain message from bob to the application's mailbox, with a raw source; `row` overrides any field. */
export function inboundRow(row: InboundRow = {}): Required<InboundRow> {
  const uid = nextUid++;
  const subject = row.subject === undefined ? `Reply ${uid}` : row.subject;
  const raw = Buffer.from(
    `From: Bob <bob@example.com>\r\nTo: board@example.com\r\nSubject: ${subject ?? ''}\r\nMessage-ID: <m${uid}@example.com>\r\n\r\nHello ${uid}\r\n`,
  );
  return {
    id: randomUUID(),
    status: 'NEW',
    mailbox: 'imap://board@mail.example.com/INBOX',
    uidValidity: 7,
    uid,
    uidl: null,
    messageId: `<m${uid}@example.com>`,
    fromName: 'Bob',
    fromAddress: 'bob@example.com',
    to: ['board@example.com'],
    cc: [],
    subject,
    date: new Date('2026-12-01T10:00:00.000Z'),
    sizeBytes: raw.length,
    headers: [
      { name: 'From', value: 'Bob <bob@example.com>' },
      { name: 'Subject', value: subject ?? '' },
    ],
    text: `Hello ${uid}`,
    html: null,
    attachments: [],
    raw,
    unparseable: false,
    refusedReason: null,
    receivedAt: new Date(),
    ...row,
  };
}

/** Inserts the rows in one statement each, in order; returns them as inserted. */
export async function insertInboundRows(query: Query, rows: readonly InboundRow[]): Promise<Required<InboundRow>[]> {
  const inserted: Required<InboundRow>[] = [];
  for (const given of rows) {
    const row = inboundRow(given);
    await query(
      `INSERT INTO inbound_message (id, status, mailbox, uid_validity, uid, uidl, message_id, from_name, from_address, to_addresses, cc_addresses,
         subject, date, size_bytes, headers, text_body, html_body, attachments, raw, unparseable, refused_reason, received_at)
       VALUES ($1, $2::"InboundStatus", $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17, $18::jsonb, $19, $20, $21, $22)`,
      [
        row.id,
        row.status,
        row.mailbox,
        row.uidValidity,
        row.uid,
        row.uidl,
        row.messageId,
        row.fromName,
        row.fromAddress,
        row.to,
        row.cc,
        row.subject,
        row.date,
        row.sizeBytes,
        JSON.stringify(row.headers),
        row.text,
        row.html,
        JSON.stringify(row.attachments),
        row.raw,
        row.unparseable,
        row.refusedReason,
        row.receivedAt,
      ],
    );
    inserted.push(row);
  }
  return inserted;
}

/** The global id the API gives a row (base64url of `InboundMessage:<uuid>`). */
export function inboundGlobalId(id: string): string {
  return Buffer.from(`InboundMessage:${id}`, 'utf8').toString('base64url');
}
