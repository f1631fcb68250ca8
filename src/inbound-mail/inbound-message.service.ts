import type { Logger } from 'pino';
import type { Caller } from '../platform/auth/token-authenticator.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../platform/errors/domain-errors.js';
import type { EventFeed } from '../platform/graphql/event-stream.js';
import { fromGlobalId } from '../platform/graphql/node.js';
import type { InboundMessageStatus } from './inbound-message.enums.js';
import { cursorOf, placeOf } from './inbound-message.cursor.js';
import { DEFAULT_INBOUND_PAGE, MAX_INBOUND_PAGE } from './inbound-message.page-size.js';
import type { PageInfo } from '../platform/graphql/page-info.js';
import { pageSize, type PageArguments } from '../platform/graphql/page-arguments.js';
import type { InboundMessageRepository, StoredInboundMessage } from './inbound-message.repository.js';
import type { AcknowledgeInboundMessagePayload, InboundMessage, InboundMessageConnection } from './inbound-message.type.js';
import { INBOUND_MESSAGE_TYPE, inboundMessageView } from './inbound-message.view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The row id inside an InboundMessage global id; BAD_USER_INPUT on `field` for any other id. */
function localIdOf(id: string, field: string): string {
  const parsed = fromGlobalId(id);
  if (parsed?.typeName !== INBOUND_MESSAGE_TYPE || !UUID.test(parsed.localId)) {
    throw new BadUserInputError('id is not the global id of an inbound message', { field });
  }
  return parsed.localId;
}

/** Whether `localId` can be a row id (Query.node passes anything after the type name). */
export function isInboundLocalId(localId: string): boolean {
  return UUID.test(localId);
}

/**
 * The stored inbound messages as the application sees them: paging, reading, acknowledging, and
 * the `inboundMessageReceived` feed of this instance (fed by every instance's stored rows through
 * the database's notification, see `stored`).
 */
export class InboundMessageService {
  /** Events go out in the order the notifications came, though each is read from the database. */
  private publishing: Promise<void> = Promise.resolve();
  /** Ids announced and not looked up yet (the next lookup takes them all). */
  private announced: string[] = [];

  constructor(
    private readonly repository: InboundMessageRepository,
    private readonly feed: EventFeed<InboundMessage>,
    private readonly log: Logger,
  ) {}

  /**
   * One page, oldest first, as a Relay connection: `first`/`after` page towards newer messages,
   * `last`/`before` towards older ones; `first` and `last` together are refused.
   */
  async page(status: InboundMessageStatus | null, args: PageArguments): Promise<InboundMessageConnection> {
    if (args.first !== null && args.last !== null) {
      throw new BadUserInputError('first and last cannot be used together: page with first and after, or with last and before', { field: 'last' });
    }
    const bounds = {
      after: args.after === null ? undefined : placeOf(args.after, 'after'),
      before: args.before === null ? undefined : placeOf(args.before, 'before'),
    };
    const totalCount = this.repository.count(status);
    let rows: StoredInboundMessage[];
    let more: Pick<PageInfo, 'hasNextPage' | 'hasPreviousPage'>;
    if (args.last === null) {
      const size = pageSize(args.first ?? DEFAULT_INBOUND_PAGE, 'first', MAX_INBOUND_PAGE);
      const found = await this.repository.page(status, bounds, size + 1, 'oldest');
      rows = found.slice(0, size);
      const earlier = bounds.after !== undefined && (await this.repository.existsBeyond(status, bounds.after, 'earlier'));
      more = { hasNextPage: found.length > size, hasPreviousPage: earlier };
    } else {
      const size = pageSize(args.last, 'last', MAX_INBOUND_PAGE);
      const found = await this.repository.page(status, bounds, size + 1, 'newest');
      rows = found.slice(0, size).reverse();
      const later = bounds.before !== undefined && (await this.repository.existsBeyond(status, bounds.before, 'later'));
      more = { hasNextPage: later, hasPreviousPage: found.length > size };
    }
    const edges = rows.map((row) => ({ cursor: cursorOf(row), node: inboundMessageView(row) }));
    return {
      edges,
      pageInfo: { ...more, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: await totalCount,
    };
  }

  /** The message with this global id, or null; BAD_USER_INPUT when the id is not an inbound message's. */
  byId(id: string): Promise<InboundMessage | null> {
    return this.byLocalId(localIdOf(id, 'id'));
  }

  async byLocalId(localId: string): Promise<InboundMessage | null> {
    const row = await this.repository.find(localId);
    return row === null ? null : inboundMessageView(row);
  }

  /** The raw source in base64 while it is retained, else null. */
  async raw(localId: string): Promise<string | null> {
    const raw = await this.repository.raw(localId);
    return raw === null ? null : Buffer.from(raw).toString('base64');
  }

  /**
   * NEW → ACKNOWLEDGED. Acknowledging an ACKNOWLEDGED message again answers it unchanged
   * (`acknowledgedNow` false), so a client may retry; a REFUSED one is a CONFLICT; an unknown id NOT_FOUND.
   */
  async acknowledge(id: string, caller: Caller): Promise<AcknowledgeInboundMessagePayload> {
    const localId = localIdOf(id, 'input.id');
    const acknowledgedNow = await this.repository.acknowledge(localId, caller.name, new Date());
    const message = await this.byLocalId(localId);
    if (message === null) throw new NotFoundError('there is no inbound message with this id');
    if (message.status === 'REFUSED') {
      throw new ConflictError(
        `the message was refused when it was read (${message.refusedReason ?? 'no reason recorded'}); only NEW messages can be acknowledged`,
        {
          status: message.status,
        },
      );
    }
    return { inboundMessage: message, acknowledgedNow };
  }

  /** The messages stored from now on, on any instance, until the iterator is returned or falls behind. */
  subscribe(onOverflow: () => void): AsyncIterableIterator<InboundMessage> {
    return this.feed.subscribe(onOverflow);
  }

  /** How many `inboundMessageReceived` subscriptions this instance serves. */
  get subscribers(): number {
    return this.feed.subscribers;
  }

  /**
   * A row was stored (the `inbound_message_stored` notification): its view goes to this instance's
   * subscribers, in the order of the notifications. The rows announced while a lookup is under way
   * (a batch stores hundreds) are read together in the next one: one query, not one a row.
   */
  stored(localId: string): void {
    if (this.feed.subscribers === 0 || !isInboundLocalId(localId)) return;
    this.announced.push(localId);
    // A lookup is queued already: it takes this id with the others.
    if (this.announced.length > 1) return;
    this.publishing = this.publishing.then(async () => {
      const ids = this.announced;
      this.announced = [];
      try {
        const rows = new Map((await this.repository.findMany(ids)).map((row) => [row.id, row]));
        for (const id of ids) {
          const row = rows.get(id);
          if (row) this.feed.publish(inboundMessageView(row));
        }
      } catch (error) {
        // The subscription is a signal: a client that missed it finds the message with inboundMessages(status: NEW).
        this.log.warn({ err: error, inboundMessages: ids.length }, 'inboundMessageReceived: could not read the stored messages');
      }
    });
  }
}
