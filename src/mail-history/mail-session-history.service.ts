import type { Caller } from '../platform/auth/token-authenticator.js';
import { BadUserInputError, NotFoundError } from '../platform/errors/domain-errors.js';
import { toGlobalId } from '../platform/graphql/node.js';
import type { PageInfo } from '../platform/graphql/page-info.js';
import { pageSize, type PageArguments } from '../platform/graphql/page-arguments.js';
import type { MailSessionHistoryRepository, StoredRevision } from './mail-session-history.repository.js';
import { cursorOf, versionOf } from './mail-session-history.cursor.js';
import { changesBetween } from './mail-session-history.legacy.js';
import { planRestore, snapshotRow } from './mail-session-history.restore.js';
import type { FieldChange } from './field-change.type.js';
import { typedChange } from './field-change.typed.js';
import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE } from './mail-session-history.page-size.js';
import type { MailSessionRevision, MailSessionRevisionConnection, RestoreMailSessionPayload } from './mail-session-history.type.js';
import type { MailSessionService } from '../mail-settings/mail-session.service.js';
import { toSettings } from '../mail-settings/mail-session.service.js';
import { initialRow } from '../mail-settings/mail-session.row.js';

/** The recorded changes of a revision, typed; null when the row predates complete records. */
function recordedChanges(revision: StoredRevision): FieldChange[] | null {
  if (!Array.isArray(revision.changes) || revision.changes.length !== revision.changedFields.length) return null;
  const changes = revision.changes.map(typedChange);
  return changes.every((change) => change !== null) ? changes : null;
}

/** Reading the history of the settings, and putting an earlier revision back. */
export class MailSessionHistoryService {
  constructor(
    private readonly history: MailSessionHistoryRepository,
    private readonly mailSession: MailSessionService,
  ) {}

  /**
   * One page, newest first, as a Relay connection: `first`/`after` page towards older revisions,
   * `last`/`before` towards newer ones; `first` and `last` together are refused.
   */
  async page(args: PageArguments): Promise<MailSessionRevisionConnection> {
    if (args.first !== null && args.last !== null) {
      throw new BadUserInputError('first and last cannot be used together: page with first and after, or with last and before', { field: 'last' });
    }
    const below = args.after === null ? undefined : versionOf(args.after, 'after');
    const above = args.before === null ? undefined : versionOf(args.before, 'before');
    let rows: StoredRevision[];
    let pageInfo: Omit<PageInfo, 'startCursor' | 'endCursor'>;
    if (args.last === null) {
      const size = pageSize(args.first ?? DEFAULT_HISTORY_PAGE, 'first', MAX_HISTORY_PAGE);
      const found = await this.history.range({ above, below }, size + 1, 'newest');
      rows = found.slice(0, size);
      const newer = below !== undefined && (await this.history.exists({ atLeast: below }));
      pageInfo = { hasNextPage: found.length > size, hasPreviousPage: newer };
    } else {
      const size = pageSize(args.last, 'last', MAX_HISTORY_PAGE);
      const found = await this.history.range({ above, below }, size + 1, 'oldest');
      rows = found.slice(0, size).reverse();
      const older = above !== undefined && (await this.history.exists({ atMost: above }));
      pageInfo = { hasNextPage: older, hasPreviousPage: found.length > size };
    }
    const revisions = await this.toRevisions(rows);
    const edges = revisions.map((node) => ({ cursor: cursorOf(node.version), node }));
    return {
      edges,
      pageInfo: { ...pageInfo, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: await this.history.count(),
    };
  }

  /** The revision with this version, or null (Query.node). */
  async revision(version: number): Promise<MailSessionRevision | null> {
    const row = await this.history.find(version);
    if (!row) return null;
    const [revision] = await this.toRevisions([row]);
    return revision ?? null;
  }

  /**
   * Makes a new version equal to revision `version`, passwords included, as an update would:
   * same lock, optimistic concurrency, history row, warnings and after-commit transport rebuild.
   */
  async restore(version: number, expectedVersion: number | null | undefined, caller: Caller): Promise<RestoreMailSessionPayload> {
    this.mailSession.assertWritable();
    const revision = await this.history.find(version);
    if (!revision) throw new NotFoundError(`there is no revision with version ${version}`);
    let changed = false;
    const payload = await this.mailSession.change((current) => {
      const plan = planRestore(revision, current, expectedVersion);
      changed = plan !== null;
      return plan;
    }, caller.name);
    return { mailSession: payload.mailSession, warnings: payload.warnings, revision: changed ? await this.revision(payload.mailSession.version) : null };
  }

  private async toRevisions(rows: readonly StoredRevision[]): Promise<MailSessionRevision[]> {
    const recorded = new Map(rows.map((row) => [row.version, recordedChanges(row)]));
    const missing = rows.filter((row) => recorded.get(row.version) === null && row.version > 1).map((row) => row.version - 1);
    const previous = new Map((missing.length === 0 ? [] : await this.history.findMany(missing)).map((row) => [row.version, row]));
    return rows.map((row) => {
      const after = snapshotRow(row);
      let changes = recorded.get(row.version) ?? null;
      if (changes === null) {
        const before = row.version === 1 ? initialRow() : previous.get(row.version - 1);
        if (!before) throw new Error(`history has no revision ${row.version - 1} to tell what revision ${row.version} changed`);
        changes = changesBetween('snapshot' in before ? snapshotRow(before) : before, after, row.changedFields);
      }
      return {
        id: toGlobalId('MailSessionRevision', row.version),
        version: row.version,
        changedAt: row.changedAt,
        changedBy: row.changedBy,
        changes,
        settings: toSettings(after),
      };
    });
  }
}
