import { translateDatabaseErrors } from '../platform/database/database-errors.js';
import type { MailSessionRevision, Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Db } from '../platform/database/db.js';

/** A history row as stored: the snapshot still holds encrypted passwords. */
export type StoredRevision = MailSessionRevision;

/** The history rows: MailSessionRepository.update writes one with every change; secret rotation re-encrypts their snapshots here. */
export class MailSessionHistoryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Up to `take` revisions older than `beforeVersion` (all when undefined), newest first. */
  newestFirst(take: number, beforeVersion: number | undefined): Promise<StoredRevision[]> {
    return translateDatabaseErrors(() =>
      this.prisma.mailSessionRevision.findMany({
        where: beforeVersion === undefined ? {} : { version: { lt: beforeVersion } },
        orderBy: { version: 'desc' },
        take,
      }),
    );
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
