import type { Caller } from '../platform/auth/token-authenticator.js';
import { BadUserInputError, NotFoundError } from '../platform/errors/domain-errors.js';
import type { FieldChange as RecordedChange } from './mail-session-history.changes.js';
import type { MailSessionHistoryRepository, StoredRevision } from './mail-session-history.repository.js';
import { planRestore, snapshotRow } from './mail-session-history.restore.js';
import type { FieldChange, MailSessionRevision, MailSessionRevisionConnection } from './mail-session-history.type.js';
import type { MailSessionService } from '../mail-settings/mail-session.service.js';
import { toSettings } from '../mail-settings/mail-session.service.js';
import type { UpdateMailSessionPayload } from '../mail-settings/mail-session.type.js';

export const DEFAULT_HISTORY_PAGE = 20;
export const MAX_HISTORY_PAGE = 100;

/** Cursors are opaque to clients; inside they name a version. */
function cursorOf(version: number): string {
  return Buffer.from(`revision:${version}`, 'utf8').toString('base64url');
}

function versionOf(cursor: string): number {
  const match = /^revision:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError('after is not a cursor from mailSessionHistory', { field: 'after' });
  return Number(match[1]);
}

function isRecordedChange(value: unknown): value is RecordedChange {
  return typeof value === 'object' && value !== null && typeof (value as { field?: unknown }).field === 'string';
}

function changesOf(revision: StoredRevision): FieldChange[] {
  const recorded = Array.isArray(revision.changes) ? revision.changes.filter(isRecordedChange) : [];
  // Rows written before values were recorded name their fields only.
  if (recorded.length === 0) return revision.changedFields.map((field) => ({ field, oldValue: null, newValue: null, secret: field.endsWith('.password') }));
  return recorded.map((change) =>
    change.secret
      ? { field: change.field, oldValue: null, newValue: null, secret: true }
      : { field: change.field, oldValue: change.old, newValue: change.new, secret: false },
  );
}

function toRevision(revision: StoredRevision): MailSessionRevision {
  return {
    version: revision.version,
    changedAt: revision.changedAt,
    changedBy: revision.changedBy,
    changes: changesOf(revision),
    settings: toSettings(snapshotRow(revision)),
  };
}

/** Reading the history of the settings, and putting an earlier revision back. */
export class MailSessionHistoryService {
  constructor(
    private readonly history: MailSessionHistoryRepository,
    private readonly mailSession: MailSessionService,
  ) {}

  /** Newest first; `first` from 1 to MAX_HISTORY_PAGE; `after` a cursor from an earlier page. */
  async page(first: number | null | undefined, after: string | null | undefined): Promise<MailSessionRevisionConnection> {
    const size = first ?? DEFAULT_HISTORY_PAGE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_HISTORY_PAGE) {
      throw new BadUserInputError(`first must be from 1 to ${MAX_HISTORY_PAGE}`, { field: 'first' });
    }
    const before = after === null || after === undefined ? undefined : versionOf(after);
    const rows = await this.history.newestFirst(size + 1, before);
    const edges = rows.slice(0, size).map((row) => ({ cursor: cursorOf(row.version), node: toRevision(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /**
   * Makes a new version equal to revision `version`, passwords included, as an update would:
   * same lock, optimistic concurrency, history row, warnings and after-commit transport rebuild.
   */
  async restore(version: number, expectedVersion: number | null | undefined, caller: Caller): Promise<UpdateMailSessionPayload> {
    this.mailSession.assertWritable();
    const revision = await this.history.find(version);
    if (!revision) throw new NotFoundError(`there is no revision with version ${version}`);
    return this.mailSession.change((current) => planRestore(revision, current, expectedVersion), caller.name);
  }
}
