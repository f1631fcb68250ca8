import { randomUUID } from 'node:crypto';
import { pageSize, type PageArguments } from '../platform/graphql/page-arguments.js';
import type { OutboundLimits } from '../config/outbound-limits.js';
import type { OutboundStatus as StoredStatus } from '../generated/prisma/client.js';
import { mayActAs } from '../platform/auth/caller-roles.js';
import type { Caller } from '../platform/auth/token-authenticator.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../platform/errors/domain-errors.js';
import { fromGlobalId } from '../platform/graphql/node.js';
import type { PageInfo } from '../platform/graphql/page-info.js';
import { contentHash, contentOf, encodedSize, encodedSizeBound, mailOptions, type MessageContent, newMessageId } from './outbound-message.compose.js';
import { outboundCursorOf, outboundPositionOf } from './outbound-message.cursor.js';
import type { OutboundMessageRepository, StoredOutboundMessage } from './outbound-message.repository.js';
import type { OutboundMessage, OutboundMessageConnection, SendEmailPayload } from './outbound-message.type.js';
import { OUTBOUND_MESSAGE_TYPE, toOutboundMessage } from './outbound-message.view.js';
import type { OutboundQueue } from './outbound-queue.js';
import { sendEmailProblems, type SendEmailFields } from './send-email.rules.js';

/** Page size of outboundMessages when first is not given, and the largest page. */
export const DEFAULT_OUTBOUND_PAGE = 20;
export const MAX_OUTBOUND_PAGE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The default sender of the settings in force: `from` of a message that names none, and its Message-ID's domain. */
export interface DefaultSenderSource {
  defaultSender(): { name: string | null; address: string | null };
}

/** The arguments of a page of outboundMessages; `first` null unless given (its default is applied here). */
export interface OutboundPageArguments extends PageArguments {
  status: StoredStatus | null;
}

/** Which statuses an admin may move a message from, and why others cannot. */
const RETRYABLE: readonly StoredStatus[] = ['FAILED', 'CANCELLED'];
const CANCELLABLE: readonly StoredStatus[] = ['QUEUED', 'RETRYING'];

/**
 * Application mail from acceptance on: sendEmail validates, measures and stores a message and
 * writes its queue job in one transaction (accepted means committed); the queries show a sender
 * its own messages and an admin all; retry and cancel move a message by compare-and-set on its
 * status, so the delivery worker and an admin cannot both win. Nothing here logs a message's
 * content.
 */
export class OutboundMessageService {
  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly queue: OutboundQueue,
    private readonly settings: DefaultSenderSource,
    private readonly limits: OutboundLimits,
  ) {}

  async send(input: SendEmailFields, caller: Caller): Promise<SendEmailPayload> {
    const problems = sendEmailProblems(input, this.limits.maxRecipients);
    if (problems.length > 0) throw new BadUserInputError(problems.map((problem) => problem.message).join('; '), { problems });
    const content = contentOf(input);
    const hash = contentHash(content);
    const key = input.idempotencyKey ?? null;
    const sender = this.settings.defaultSender();
    const messageId = newMessageId(content.fromAddress ?? sender.address);
    const sizeBytes = await this.measure(content, messageId, sender);
    if (sizeBytes > this.limits.maxMessageBytes) {
      throw new BadUserInputError(
        `the encoded message would be at least ${sizeBytes} bytes; at most ${this.limits.maxMessageBytes} are accepted (OUTBOUND_MAX_MESSAGE_BYTES)`,
        { field: [] },
      );
    }
    const id = randomUUID();
    const row = await this.messages.insert(
      { id, messageId, createdBy: caller.name, idempotencyKey: key, contentHash: hash, content, sizeBytes, acceptedAt: new Date() },
      this.queue,
    );
    if (row) return { message: toOutboundMessage(row), duplicate: false };
    // The key was taken, by an earlier request or a concurrent one that committed first. Not
    // looked up before the insert: a repeated key is the rare case, and the insert decides anyway.
    const first = key === null ? null : await this.messages.findByKey(caller.name, key);
    if (!first) throw new Error('a message with this idempotency key was there at insert and is gone');
    return this.repeated(first, hash);
  }

  /** The message with this global id, if `caller` may see it: a sender its own, an admin any; BAD_USER_INPUT for another type's id. */
  message(id: string, caller: Caller): Promise<OutboundMessage | null> {
    return this.visible(this.existingId(id), caller);
  }

  /** The message with this local id (a UUID), if `caller` may see it (Query.node). */
  async visible(localId: string, caller: Caller): Promise<OutboundMessage | null> {
    if (!UUID.test(localId)) return null;
    const row = await this.messages.find(localId);
    return row && mayRead(caller, row) ? toOutboundMessage(row) : null;
  }

  /**
   * One page, newest first: a sender's own messages, or everyone's for an admin. `first`/`after`
   * page towards older messages, `last`/`before` towards newer ones; both sizes together are refused.
   */
  async page(args: OutboundPageArguments, caller: Caller): Promise<OutboundMessageConnection> {
    if (args.first !== null && args.last !== null) {
      throw new BadUserInputError('first and last cannot be used together: page with first and after, or with last and before', { field: 'last' });
    }
    const bounds = {
      olderThan: args.after === null ? undefined : outboundPositionOf(args.after, 'after'),
      newerThan: args.before === null ? undefined : outboundPositionOf(args.before, 'before'),
    };
    const filter = { createdBy: isAdmin(caller) ? undefined : caller.name, status: args.status ?? undefined };
    let rows: StoredOutboundMessage[];
    let more: { hasNextPage: boolean; hasPreviousPage: boolean };
    if (args.last === null) {
      const size = pageSize(args.first ?? DEFAULT_OUTBOUND_PAGE, 'first', MAX_OUTBOUND_PAGE);
      const found = await this.messages.page(filter, bounds, size + 1, 'newest');
      rows = found.slice(0, size);
      // Whether anything lies on the far side of `after` is not looked up: a cursor came from a page, so something did.
      more = { hasNextPage: found.length > size, hasPreviousPage: bounds.olderThan !== undefined };
    } else {
      const size = pageSize(args.last, 'last', MAX_OUTBOUND_PAGE);
      const found = await this.messages.page(filter, bounds, size + 1, 'oldest');
      rows = found.slice(0, size).reverse();
      more = { hasNextPage: bounds.newerThan !== undefined, hasPreviousPage: found.length > size };
    }
    const edges = rows.map((row) => ({ cursor: outboundCursorOf(row), node: toOutboundMessage(row) }));
    const pageInfo: PageInfo = { ...more, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
    return { edges, pageInfo, totalCount: await this.messages.count(filter) };
  }

  /**
   * FAILED or CANCELLED → QUEUED with a new queue job and attempts back to 0, so the message gets
   * the whole retry schedule again (OUTBOUND_MAX_ATTEMPTS); the content must still be there.
   */
  async retry(id: string): Promise<OutboundMessage> {
    const localId = this.existingId(id);
    // The row as the retry left it, read in its transaction: once it commits, a worker woken on any
    // instance may take the message before a read after the commit would see it QUEUED.
    let retried: StoredOutboundMessage | undefined;
    const moved = await this.messages.transition(localId, RETRYABLE, 'QUEUED', { contentDeletedAt: null }, async (tx) => {
      retried = await tx.outboundMessage.update({ where: { id: localId }, data: { attempts: 0 } });
      await this.queue.enqueue(tx, localId);
    });
    if (moved && retried) return toOutboundMessage(retried);
    const row = await this.required(localId);
    if (row.contentDeletedAt !== null)
      throw new ConflictError('the message cannot be retried: its content was deleted after OUTBOUND_RETENTION_DAYS', { status: row.status });
    throw new ConflictError(`only FAILED or CANCELLED messages can be retried; this one is ${row.status}`, { status: row.status });
  }

  /** QUEUED or RETRYING → CANCELLED; a message being sent or sent cannot be cancelled. */
  async cancel(id: string): Promise<OutboundMessage> {
    const localId = this.existingId(id);
    const moved = await this.messages.transition(localId, CANCELLABLE, 'CANCELLED');
    const row = await this.required(localId);
    if (moved) return toOutboundMessage(row);
    const why = row.status === 'SENDING' ? 'it is being sent right now' : row.status === 'SENT' ? 'it was sent already' : `it is ${row.status} already`;
    throw new ConflictError(`only QUEUED or RETRYING messages can be cancelled: ${why}`, { status: row.status });
  }

  /**
   * The message's encoded size, or an upper bound of it that already fits
   * OUTBOUND_MAX_MESSAGE_BYTES: composing the message is about half of sendEmail's CPU, so it is
   * composed only when the bound does not fit, to measure it exactly.
   */
  private async measure(content: MessageContent, messageId: string, sender: { name: string | null; address: string | null }): Promise<number> {
    const bound = encodedSizeBound(content, messageId, sender);
    if (bound <= this.limits.maxMessageBytes) return bound;
    // base64 alone past the limit needs no composing either.
    const attachmentBytes = content.attachments.reduce((sum, attachment) => sum + attachment.content.length, 0);
    return attachmentBytes > this.limits.maxMessageBytes ? attachmentBytes : encodedSize(mailOptions(content, messageId, sender));
  }

  /** The first message of an idempotency key: the same content is a duplicate, other content a CONFLICT. */
  private repeated(earlier: StoredOutboundMessage, hash: string): SendEmailPayload {
    if (earlier.contentHash !== hash) {
      throw new ConflictError('this idempotencyKey was used within 24 hours for a message with other content', { field: ['idempotencyKey'] });
    }
    return { message: toOutboundMessage(earlier), duplicate: true };
  }

  private existingId(id: string): string {
    const localId = localIdOf(id);
    if (localId === null) throw new BadUserInputError('id is not the id of an outbound message', { field: 'id' });
    return localId;
  }

  private async required(localId: string): Promise<StoredOutboundMessage> {
    const row = await this.messages.find(localId);
    if (!row) throw new NotFoundError('there is no outbound message with this id (any more)');
    return row;
  }
}

function isAdmin(caller: Caller): boolean {
  return mayActAs(caller, ['admin']);
}

function mayRead(caller: Caller, row: StoredOutboundMessage): boolean {
  return isAdmin(caller) || row.createdBy === caller.name;
}

/** The UUID inside a message's global id; null for the id of anything else. */
function localIdOf(id: string): string | null {
  const parsed = fromGlobalId(id);
  return parsed?.typeName === OUTBOUND_MESSAGE_TYPE && UUID.test(parsed.localId) ? parsed.localId : null;
}
