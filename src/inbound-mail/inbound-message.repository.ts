import type { InboundMessage as InboundRow, InboundStatus, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { translateDatabaseErrors } from '../platform/database/database-errors.js';
import type { InboundPlace } from './inbound-message.cursor.js';

/** A stored message without its raw source, which is read only when asked for (it may be MiBs). */
export type StoredInboundMessage = Omit<InboundRow, 'raw'>;

const WITHOUT_RAW = { raw: true } as const;

function statusFilter(status: InboundStatus | null): Prisma.InboundMessageWhereInput {
  return status === null ? {} : { status };
}

/** Where a page lies: strictly after one place and before another, either left out. */
export interface InboundBounds {
  readonly after?: InboundPlace | undefined;
  readonly before?: InboundPlace | undefined;
}

function laterThan(place: InboundPlace): Prisma.InboundMessageWhereInput {
  return { OR: [{ receivedAt: { gt: place.receivedAt } }, { receivedAt: place.receivedAt, id: { gt: place.id } }] };
}

function earlierThan(place: InboundPlace): Prisma.InboundMessageWhereInput {
  return { OR: [{ receivedAt: { lt: place.receivedAt } }, { receivedAt: place.receivedAt, id: { lt: place.id } }] };
}

/** Oldest first: by receivedAt, then by id; and the reverse. */
const OLDEST_FIRST: Prisma.InboundMessageOrderByWithRelationInput[] = [{ receivedAt: 'asc' }, { id: 'asc' }];
const NEWEST_FIRST: Prisma.InboundMessageOrderByWithRelationInput[] = [{ receivedAt: 'desc' }, { id: 'desc' }];

/**
 * The application's side of `inbound_message`: reading, acknowledging, and deleting raw sources
 * after retention. Rows are inserted by the inbound reader (issue 17), never here.
 */
export class InboundMessageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Up to `take` messages with `status` (null: any) strictly between `after` and `before` (either
   * may be left out), from the oldest or from the newest end of that range.
   */
  page(status: InboundStatus | null, bounds: InboundBounds, take: number, from: 'oldest' | 'newest'): Promise<StoredInboundMessage[]> {
    const where: Prisma.InboundMessageWhereInput = {
      ...statusFilter(status),
      AND: [...(bounds.after ? [laterThan(bounds.after)] : []), ...(bounds.before ? [earlierThan(bounds.before)] : [])],
    };
    const orderBy = from === 'oldest' ? OLDEST_FIRST : NEWEST_FIRST;
    return translateDatabaseErrors(() => this.prisma.inboundMessage.findMany({ where, orderBy, take, omit: WITHOUT_RAW }));
  }

  /** Whether a message with `status` (null: any) lies at `place` or beyond it, on the `side` given. */
  async existsBeyond(status: InboundStatus | null, place: InboundPlace, side: 'earlier' | 'later'): Promise<boolean> {
    const row = await translateDatabaseErrors(() =>
      this.prisma.inboundMessage.findFirst({
        where: { ...statusFilter(status), OR: [side === 'earlier' ? earlierThan(place) : laterThan(place), { id: place.id, receivedAt: place.receivedAt }] },
        select: { id: true },
      }),
    );
    return row !== null;
  }

  count(status: InboundStatus | null): Promise<number> {
    return translateDatabaseErrors(() => this.prisma.inboundMessage.count({ where: statusFilter(status) }));
  }

  /** The messages with these ids that exist, in no particular order. */
  findMany(ids: readonly string[]): Promise<StoredInboundMessage[]> {
    return translateDatabaseErrors(() => this.prisma.inboundMessage.findMany({ where: { id: { in: [...ids] } }, omit: WITHOUT_RAW }));
  }

  find(id: string): Promise<StoredInboundMessage | null> {
    return translateDatabaseErrors(() => this.prisma.inboundMessage.findUnique({ where: { id }, omit: WITHOUT_RAW }));
  }

  /** The raw source while it is retained; null after retention, or when there is no such message. */
  async raw(id: string): Promise<Uint8Array | null> {
    const row = await translateDatabaseErrors(() => this.prisma.inboundMessage.findUnique({ where: { id }, select: { raw: true } }));
    return row?.raw ?? null;
  }

  /**
   * NEW → ACKNOWLEDGED by `by`, in one statement, so two concurrent calls cannot both acknowledge.
   * True when this call changed the row; false when it was not NEW (or does not exist).
   */
  async acknowledge(id: string, by: string, at: Date): Promise<boolean> {
    const { count } = await translateDatabaseErrors(() =>
      this.prisma.inboundMessage.updateMany({ where: { id, status: 'NEW' }, data: { status: 'ACKNOWLEDGED', acknowledgedAt: at, acknowledgedBy: by } }),
    );
    return count === 1;
  }

  /** Deletes the raw source of every message stored before `before` that still has one; how many were changed. */
  async deleteRawBefore(before: Date, at: Date): Promise<number> {
    const { count } = await translateDatabaseErrors(() =>
      this.prisma.inboundMessage.updateMany({ where: { receivedAt: { lt: before }, NOT: { raw: null } }, data: { raw: null, rawDeletedAt: at } }),
    );
    return count;
  }
}
