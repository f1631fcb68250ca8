import { translateDatabaseErrors } from '../platform/database/database-errors.js';
import type { MailSessionRevision, PrismaClient } from '../generated/prisma/client.js';

/** A history row as stored: the snapshot still holds encrypted passwords. */
export type StoredRevision = MailSessionRevision;

/** Reads the history rows that MailSessionRepository.update writes with every change. */
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
}
