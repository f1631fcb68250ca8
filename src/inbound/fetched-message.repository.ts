import type { Pool, QueryResultRow } from 'pg';
import type { PrismaClient } from '../generated/prisma/client.js';
import { batchJson, type RowJson } from './inbound-row.json.js';

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

// Rows that break a unique key (mailbox + UIDVALIDITY + UID, or mailbox + UIDL) are left out by
// ON CONFLICT DO NOTHING: a message stored before stays as it was. The trigger announces the
// inserted rows (inbound_message_stored) when the statement commits.
const INSERT_ROWS = `
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

const CURSOR_CONFLICT =
  'ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = excluded.updated_at';

/** Sets a folder's cursor ($1 mailbox, $2 UIDVALIDITY, $3 last UID). */
const SET_CURSOR = `
  INSERT INTO inbound_cursor (mailbox, uid_validity, last_uid, updated_at) VALUES ($1, $2::bigint, $3::bigint, now())
  ${CURSOR_CONFLICT}`;

/**
 * The rows, and when $3 is set the folder's cursor ($3 mailbox, $4 UIDVALIDITY, $5 last UID), in
 * one statement: one commit, one round trip.
 */
const INSERT_BATCH = `
WITH inserted AS (${INSERT_ROWS}
  RETURNING 1
), moved AS (
  INSERT INTO inbound_cursor (mailbox, uid_validity, last_uid, updated_at) SELECT $3, $4::bigint, $5::bigint, now() WHERE $3::text IS NOT NULL
  ${CURSOR_CONFLICT}
)
SELECT count(*)::int AS inserted FROM inserted`;

/**
 * A statement of the reader's write path failed. Its message says no more than that (the
 * database's own text may name hosts, users or SQL); the error it came from is its `cause`.
 */
export class InboundStoreError extends Error {
  override readonly name = 'InboundStoreError';
  /** The database's SQLSTATE or the connection's error code, when there is one. */
  readonly code: string | undefined;

  constructor(cause: unknown) {
    super('the inbound message store failed', { cause });
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/**
 * The reader's write path: messages fetched from the mailbox go into `inbound_message`, each at
 * most once, and where reading each IMAP folder got to into `inbound_cursor` (its one write path).
 * The unique keys, not the reader's bookkeeping, are what keep a message from being stored twice.
 * The application's side of the table (reading, acknowledging, retention) is
 * `inbound-mail/inbound-message.repository.ts`.
 *
 * Its writes run on pg directly (`pool` is the pool under `prisma`, as app.ts builds the
 * adapter): through Prisma's raw query path a batch cost four times the CPU, and the first one
 * some 200 ms more.
 */
export class FetchedMessageRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: Pick<Pool, 'query'>,
  ) {}

  /**
   * Inserts a batch (`INSERT … ON CONFLICT DO NOTHING`), with the cursor when asked, in one
   * statement. Resolves once committed with how many rows are new.
   */
  async store(messages: readonly RowJson[], options: StoreOptions = {}): Promise<number> {
    const { cursor } = options;
    if (messages.length === 0 && !cursor) return 0;
    const { rows } = await this.run(INSERT_BATCH, [
      batchJson(messages),
      options.skipStoredMessageIds === true,
      cursor?.mailbox ?? null,
      cursor?.uidValidity.toString() ?? null,
      cursor?.lastUid.toString() ?? null,
    ]);
    const inserted: unknown = rows[0]?.inserted;
    return typeof inserted === 'number' ? inserted : 0;
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
    await this.run(SET_CURSOR, [mailbox, cursor.uidValidity.toString(), cursor.lastUid.toString()]);
  }

  private async run(text: string, values: unknown[]): Promise<{ rows: QueryResultRow[] }> {
    try {
      return await this.pool.query(text, values);
    } catch (error) {
      throw new InboundStoreError(error);
    }
  }
}
