import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { translateDatabaseErrors } from '../platform/database/database-errors.js';
import type { Db } from '../platform/database/db.js';
import { describeChanges } from '../mail-history/mail-session-history.changes.js';
import { SETTINGS_ID, storedColumns, type PlannedChange, type StoredMailSession } from './mail-session.row.js';

/** The encrypted columns of the settings row: the passwords and the OAuth 2.0 secrets. */
export type SecretColumns = Pick<
  StoredMailSession,
  | 'outgoingPassword'
  | 'incomingPassword'
  | 'outgoingOAuth2ClientSecret'
  | 'outgoingOAuth2RefreshToken'
  | 'outgoingOAuth2PrivateKey'
  | 'incomingOAuth2ClientSecret'
  | 'incomingOAuth2RefreshToken'
  | 'incomingOAuth2PrivateKey'
>;

const SECRET_COLUMN_SELECTION = {
  outgoingPassword: true,
  incomingPassword: true,
  outgoingOAuth2ClientSecret: true,
  outgoingOAuth2RefreshToken: true,
  outgoingOAuth2PrivateKey: true,
  incomingOAuth2ClientSecret: true,
  incomingOAuth2RefreshToken: true,
  incomingOAuth2PrivateKey: true,
} as const satisfies Record<keyof SecretColumns, true>;

/** Everything about the settings row that is stored in PostgreSQL, and nothing else. */
export class MailSessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  get(): Promise<StoredMailSession> {
    return translateDatabaseErrors(() => this.prisma.mailSession.findUniqueOrThrow({ where: { id: SETTINGS_ID } }));
  }

  async currentVersion(): Promise<number> {
    const row = await translateDatabaseErrors(() => this.prisma.mailSession.findUniqueOrThrow({ where: { id: SETTINGS_ID }, select: { version: true } }));
    return row.version;
  }

  /**
   * Locks the row, lets `plan` compute the change from the current values (it may throw to
   * refuse), writes the new version and its history row, and commits: all or nothing. The
   * trigger on `mail_session` announces the new version to every instance once this commits.
   * Returns the current row untouched when `plan` returns null.
   */
  update(plan: (current: StoredMailSession) => PlannedChange | null, changedBy: string): Promise<{ row: StoredMailSession; changed: boolean }> {
    return translateDatabaseErrors(() =>
      this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM mail_session WHERE id = ${SETTINGS_ID} FOR UPDATE`;
        const current = await tx.mailSession.findUniqueOrThrow({ where: { id: SETTINGS_ID } });
        const change = plan(current);
        if (!change) return { row: current, changed: false };
        const row = await tx.mailSession.update({
          where: { id: SETTINGS_ID },
          data: {
            ...storedColumns(change.data),
            version: current.version + 1,
            updatedAt: new Date(),
            updatedBy: changedBy,
          },
        });
        const { id: _id, ...snapshot } = row;
        await tx.mailSessionRevision.create({
          data: {
            version: row.version,
            changedFields: change.changedFields,
            changes: describeChanges(current, row, change.changedFields),
            changedBy,
            changedAt: row.updatedAt,
            snapshot: { ...snapshot, updatedAt: row.updatedAt.toISOString() },
          },
        });
        return { row, changed: true };
      }),
    );
  }

  /**
   * Runs `work` in one transaction that holds the settings row lock, so no update interleaves;
   * for maintenance that rewrites stored values without a new version (secret rotation).
   */
  underRowLock<T>(work: (tx: Prisma.TransactionClient) => Promise<T>, options: { timeout: number; maxWait: number }): Promise<T> {
    return translateDatabaseErrors(() =>
      this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM mail_session WHERE id = ${SETTINGS_ID} FOR UPDATE`;
        return work(tx);
      }, options),
    );
  }

  /** The stored (encrypted) passwords and OAuth 2.0 secrets; null before the row exists. */
  secretColumns(db: Db = this.prisma): Promise<SecretColumns | null> {
    return translateDatabaseErrors(() => db.mailSession.findUnique({ where: { id: SETTINGS_ID }, select: SECRET_COLUMN_SELECTION }));
  }

  /** Replaces stored secrets by other ciphertexts of the same values: version and audit columns stay. */
  async replaceSecretColumns(columns: Partial<Record<keyof SecretColumns, string>>, db: Db = this.prisma): Promise<void> {
    await translateDatabaseErrors(() => db.mailSession.update({ where: { id: SETTINGS_ID }, data: columns }));
  }
}
