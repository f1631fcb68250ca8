import { translateDatabaseErrors } from '../platform/database/database-errors.js';
import type { MailSessionRevision, Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Db } from '../platform/database/db.js';

/** A history row as stored: the snapshot still holds encrypted passwords. */
export type StoredRevision = MailSessionRevision;

/** The history rows: MailSessionRepository.update writes one with every change; secret rotation re-encrypts their snapshots here. */
export class MailSessionHistoryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Up to `take` revisions with `above` < version < `below` (either bound may be left out), from
   * the newest or from the oldest end of that range.
   */
  range(bounds: { above?: number | undefined; below?: number | undefined }, take: number, from: 'newest' | 'oldest'): Promise<StoredRevision[]> {
    return translateDatabaseErrors(() =>
      this.prisma.mailSessionRevision.findMany({
        where: { version: { ...(bounds.above !== undefined && { gt: bounds.above }), ...(bounds.below !== undefined && { lt: bounds.below }) } },
        orderBy: { version: from === 'newest' ? 'desc' : 'asc' },
        take,
      }),
    );
  }

  /** Whether any revision's version lies in the given bounds (inclusive). */
  async exists(bounds: { atLeast?: number; atMost?: number }): Promise<boolean> {
    const row = await translateDatabaseErrors(() =>
      this.prisma.mailSessionRevision.findFirst({
        where: { version: { ...(bounds.atLeast !== undefined && { gte: bounds.atLeast }), ...(bounds.atMost !== undefined && { lte: bounds.atMost }) } },
        select: { id: true },
      }),
    );
    return row !== null;
  }

  count(): Promise<number> {
    return translateDatabaseErrors(() => this.prisma.mailSessionRevision.count());
  }

  /** The revisions with these versions (those that exist), in no particular order. */
  findMany(versions: readonly number[]): Promise<StoredRevision[]> {
    return translateDatabaseErrors(() => this.prisma.mailSessionRevision.findMany({ where: { version: { in: [...versions] } } }));
  }

  find(version: number): Promise<StoredRevision | null> {
    return translateDatabaseErrors(() => this.prisma.mailSessionRevision.findUnique({ where: { version } }));
  }

  /** Every revision's snapshot, oldest first. */
  snapshots(db: Db = this.prisma): Promise<Pick<StoredRevision, 'id' | 'version' | 'snapshot'>[]> {
    return translateDatabaseErrors(() => db.mailSessionRevision.findMany({ select: { id: true, version: true, snapshot: true }, orderBy: { version: 'asc' } }));
  }

  /** Replaces a snapshot by one with the same values (re-encrypted passwords); history is otherwise never rewritten. */
  async replaceSnapshot(id: number, snapshot: Prisma.InputJsonObject, db: Db = this.prisma): Promise<void> {
    await translateDatabaseErrors(() => db.mailSessionRevision.update({ where: { id }, data: { snapshot } }));
  }
}
