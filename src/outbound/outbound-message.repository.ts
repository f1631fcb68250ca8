import { type OutboundMessage, type OutboundStatus, Prisma, type PrismaClient } from '../generated/prisma/client.js';
import type { Pool } from 'pg';
import { translateDatabaseErrors } from '../platform/database/database-errors.js';
import { UnavailableError } from '../platform/errors/domain-errors.js';
import type { MessageContent } from './outbound-message.compose.js';
import type { OutboundQueue } from './outbound-queue.js';

/** A row of `outbound_message` as stored. */
export type StoredOutboundMessage = OutboundMessage;

/** A new message as sendEmail accepts it. */
export interface NewOutboundMessage {
  id: string;
  messageId: string;
  createdBy: string;
  idempotencyKey: string | null;
  contentHash: string;
  content: MessageContent;
  sizeBytes: number;
  acceptedAt: Date;
}

/** Where a page of messages starts: after this (acceptedAt, id), newest first. */
export interface PagePosition {
  acceptedAt: Date;
  id: string;
}

/** Which messages a page lists: one caller's or everyone's, of one status or all. */
export interface MessageFilter {
  createdBy?: string | undefined;
  status?: OutboundStatus | undefined;
}

/** How long a final message's record is kept, whatever OUTBOUND_RETENTION_DAYS says. */
export const RECORD_DAYS = 30;

/** What one retention sweep did. */
export interface RetentionSweep {
  keysCleared: number;
  contentDeleted: number;
  recordsDeleted: number;
}

/**
 * The database went away while COMMIT was under way: it may or may not have committed, so the
 * default "nothing was changed" would be wrong for a message that then goes out.
 */
export const COMMIT_OUTCOME_UNKNOWN =
  'The database connection was lost while the message was being committed: it may have been accepted, and is then delivered. ' +
  'Send it again with the same idempotencyKey: the answer says whether it was (duplicate: true).';

/** Runs inside the transaction that accepts or re-queues a message (the queue job is written here). */
export type InTransaction = (tx: Prisma.TransactionClient) => Promise<void>;

/** The JSON columns of a message's content: `[{ name, value }]` and `[{ filename, contentType, content }]`. */
function jsonColumns(content: MessageContent) {
  return {
    headers: content.headers.map(({ name, value }) => ({ name, value })),
    attachments: content.attachments.map(({ filename, contentType, content: data }) => ({ filename, contentType, content: data })),
  };
}

/** A new message as its row stands once inserted: the columns it sets, and the defaults of the others. */
function storedRow(message: NewOutboundMessage): Omit<StoredOutboundMessage, 'headers' | 'attachments'> {
  const { content } = message;
  return {
    id: message.id,
    status: 'QUEUED',
    messageId: message.messageId,
    createdBy: message.createdBy,
    idempotencyKey: message.idempotencyKey,
    contentHash: message.contentHash,
    fromName: content.fromName,
    fromAddress: content.fromAddress,
    toAddresses: [...content.to],
    ccAddresses: [...content.cc],
    bccAddresses: [...content.bcc],
    replyTo: [...content.replyTo],
    subject: content.subject,
    textBody: content.text,
    htmlBody: content.html,
    sizeBytes: message.sizeBytes,
    attempts: 0,
    nextAttemptAt: null,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastReply: null,
    acceptedRecipients: [],
    rejectedRecipients: [],
    settingsVersion: null,
    acceptedAt: message.acceptedAt,
    sentAt: null,
    updatedAt: message.acceptedAt,
    contentDeletedAt: null,
    deliveryJobId: null,
  };
}

/**
 * The INSERT … ON CONFLICT DO NOTHING of a new message, as raw SQL: Prisma compiles a createMany
 * for every call (about a third of the request's CPU in the bench).
 */
function insertStatement(row: StoredOutboundMessage): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO outbound_message (id, message_id, created_by, idempotency_key, content_hash, from_name, from_address, to_addresses, cc_addresses,
                                  bcc_addresses, reply_to, subject, text_body, html_body, headers, attachments, size_bytes, accepted_at, updated_at)
    VALUES (${row.id}::uuid, ${row.messageId}, ${row.createdBy}, ${row.idempotencyKey}, ${row.contentHash}, ${row.fromName}, ${row.fromAddress},
            ${row.toAddresses}::text[], ${row.ccAddresses}::text[], ${row.bccAddresses}::text[], ${row.replyTo}::text[], ${row.subject}, ${row.textBody},
            ${row.htmlBody}, ${JSON.stringify(row.headers)}::jsonb, ${JSON.stringify(row.attachments)}::jsonb, ${row.sizeBytes}, ${row.acceptedAt}, ${row.acceptedAt})
    ON CONFLICT DO NOTHING`;
}

function whereOf(filter: MessageFilter): Prisma.OutboundMessageWhereInput {
  return { ...(filter.createdBy !== undefined && { createdBy: filter.createdBy }), ...(filter.status !== undefined && { status: filter.status }) };
}

/** The one write path of `outbound_message` for acceptance, retry, cancel and retention (the delivery worker writes attempts). */
export class OutboundMessageRepository {
  /**
   * `pool` is the pg pool under `prisma` (app.ts builds the adapter on it): sendEmail's one
   * statement runs on it directly, the rest through Prisma.
   */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: Pick<Pool, 'connect'>,
  ) {}

  /**
   * Inserts the message and its queue job, unless a message with the same caller and idempotency
   * key exists: then nothing is written and this returns null. The unique index decides
   * (INSERT … ON CONFLICT DO NOTHING), so two concurrent requests with one key cannot both
   * insert: the second waits for the first to commit. With a queue that gives its job as SQL
   * (`jobStatement`), the message and its job are ONE statement, committed together in one round
   * trip; otherwise the job is written by `enqueue` in a transaction with the message. Returns the
   * row as written, without reading it back (one round trip less on the hot path).
   */
  async insert(message: NewOutboundMessage, queue: OutboundQueue): Promise<StoredOutboundMessage | null> {
    const { headers, attachments } = jsonColumns(message.content);
    const row: StoredOutboundMessage = { ...storedRow(message), headers, attachments };
    // Set once the message is on its way to the database: a connection lost after that may have
    // committed it (the one statement commits by itself; in a transaction, the COMMIT's answer lost).
    let committing = false;
    const insert = insertStatement(row);
    const inserted = await translateDatabaseErrors(async () => {
      if (queue.jobStatement) {
        const statement = Prisma.sql`
          WITH accepted AS (${insert} RETURNING id), job AS (${Prisma.raw(queue.jobStatement('accepted'))})
          SELECT count(*)::int AS accepted FROM accepted`;
        // On pg directly: Prisma's raw query path cost about a third of sendEmail's CPU (bench).
        // A connection that cannot be had fails here, before anything is sent: nothing changed.
        const client = await this.pool.connect();
        // pg-pool takes its error listener off a client it hands out, and a pg client emits
        // 'error' when its connection ends even while a query is under way (which rejects with the
        // same error): without a listener that event would end the process.
        const ignore = () => undefined;
        client.on('error', ignore);
        let failure: unknown;
        try {
          committing = true;
          const { rows } = await client.query<{ accepted: number }>(statement.text, statement.values);
          return rows[0]?.accepted === 1;
        } catch (error) {
          failure = error;
          throw error;
        } finally {
          client.off('error', ignore);
          // A client whose statement failed is not given back (its connection may be gone).
          client.release(failure !== undefined);
        }
      }
      return this.prisma.$transaction(async (tx) => {
        if ((await tx.$executeRaw(insert)) === 0) return false;
        await queue.enqueue(tx, row.id);
        committing = true;
        return true;
      });
    }).catch((error: unknown) => {
      throw committing && error instanceof UnavailableError ? new UnavailableError(COMMIT_OUTCOME_UNKNOWN) : error;
    });
    return inserted ? row : null;
  }

  find(id: string): Promise<StoredOutboundMessage | null> {
    return translateDatabaseErrors(() => this.prisma.outboundMessage.findUnique({ where: { id } }));
  }

  findByKey(createdBy: string, idempotencyKey: string): Promise<StoredOutboundMessage | null> {
    return translateDatabaseErrors(() => this.prisma.outboundMessage.findUnique({ where: { createdBy_idempotencyKey: { createdBy, idempotencyKey } } }));
  }

  /**
   * Up to `take` messages strictly between `bounds.newerThan` and `bounds.olderThan` (either may be
   * left out) in the order (acceptedAt, id), taken from the newest or from the oldest end.
   */
  page(
    filter: MessageFilter,
    bounds: { olderThan?: PagePosition | undefined; newerThan?: PagePosition | undefined },
    take: number,
    from: 'newest' | 'oldest',
  ): Promise<StoredOutboundMessage[]> {
    const conditions: Prisma.OutboundMessageWhereInput[] = [whereOf(filter)];
    const { olderThan, newerThan } = bounds;
    if (olderThan) conditions.push({ OR: [{ acceptedAt: { lt: olderThan.acceptedAt } }, { acceptedAt: olderThan.acceptedAt, id: { lt: olderThan.id } }] });
    if (newerThan) conditions.push({ OR: [{ acceptedAt: { gt: newerThan.acceptedAt } }, { acceptedAt: newerThan.acceptedAt, id: { gt: newerThan.id } }] });
    const order = from === 'newest' ? 'desc' : 'asc';
    return translateDatabaseErrors(() =>
      this.prisma.outboundMessage.findMany({ where: { AND: conditions }, orderBy: [{ acceptedAt: order }, { id: order }], take }),
    );
  }

  count(filter: MessageFilter): Promise<number> {
    return translateDatabaseErrors(() => this.prisma.outboundMessage.count({ where: whereOf(filter) }));
  }

  /**
   * Retention, as three idempotent statements any instance may run at any time: idempotency keys
   * older than 24 h cleared (the key may then be used again); the bodies, attachments and headers
   * of final messages older than `retentionDays` deleted; final messages older than 30 days
   * deleted. A message still waiting or being sent keeps everything it needs.
   */
  sweep(retentionDays: number): Promise<RetentionSweep> {
    return translateDatabaseErrors(async () => {
      const keysCleared = await this.prisma.$executeRaw`
        UPDATE outbound_message SET idempotency_key = NULL
         WHERE idempotency_key IS NOT NULL AND accepted_at < now() - interval '24 hours'`;
      const contentDeleted = await this.prisma.$executeRaw`
        UPDATE outbound_message
           SET text_body = NULL, html_body = NULL, headers = '[]', attachments = '[]', content_deleted_at = now(), updated_at = now()
         WHERE content_deleted_at IS NULL AND status IN ('SENT', 'FAILED', 'CANCELLED')
           AND accepted_at < now() - make_interval(days => ${retentionDays}::int)`;
      const recordsDeleted = await this.prisma.$executeRaw`
        DELETE FROM outbound_message
         WHERE status IN ('SENT', 'FAILED', 'CANCELLED') AND accepted_at < now() - make_interval(days => ${RECORD_DAYS}::int)`;
      return { keysCleared, contentDeleted, recordsDeleted };
    });
  }

  /**
   * Compare-and-set: moves the message to `to` only if its status is one of `from` (and `where`
   * holds), runs `then` in the same transaction when it did, and says whether it did. A worker
   * taking the message (QUEUED/RETRYING → SENDING) and this cannot both win.
   */
  transition(
    id: string,
    from: readonly OutboundStatus[],
    to: OutboundStatus,
    where: Prisma.OutboundMessageWhereInput = {},
    then?: InTransaction,
  ): Promise<boolean> {
    return translateDatabaseErrors(() =>
      this.prisma.$transaction(async (tx) => {
        const { count } = await tx.outboundMessage.updateMany({
          where: { ...where, id, status: { in: [...from] } },
          data: { status: to, nextAttemptAt: null, updatedAt: new Date() },
        });
        if (count === 1 && then) await then(tx);
        return count === 1;
      }),
    );
  }
}
