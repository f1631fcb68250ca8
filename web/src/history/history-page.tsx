import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useAccess } from '../access/access';
import { describeError } from '../api/errors';
import { ConsoleMailSessionHistoryDocument, type ConsoleRestoreMailSessionMutation } from '../generated/graphql';
import { useConsoleShell } from '../shell/shell-context';
import { RestoreDialog } from './restore-dialog';
import type { Revision } from './revision';
import { RevisionItem } from './revision-item';

/** Revisions a page of the history shows. */
export const HISTORY_PAGE_SIZE = 10;

/** Which page: the newest (no cursor), older than a cursor, or newer than one (Relay paging both ways). */
type Page = { readonly first: number; readonly after?: string } | { readonly last: number; readonly before: string };

type Restored = ConsoleRestoreMailSessionMutation['restoreMailSession'];

function restoredMessage(version: number, result: Restored): string {
  if (result.revision === null) return `The settings already equal version ${version}: nothing changed.`;
  return `Version ${version} restored: the settings are now version ${result.revision.version}.`;
}

/** The settings' history: each revision with who, when and what changed, a page at a time, and restore with a confirmation. */
export function HistoryPage({ onSignOut }: { readonly onSignOut: () => void }) {
  const access = useAccess();
  const { shownVersion, reloadSettings } = useConsoleShell();
  const [page, setPage] = useState<Page>({ first: HISTORY_PAGE_SIZE });
  const [restoring, setRestoring] = useState<Revision>();
  const [restored, setRestored] = useState<{ message: string; warnings: Restored['warnings'] }>();
  const { data, error, loading, refetch } = useQuery(ConsoleMailSessionHistoryDocument, { variables: page, fetchPolicy: 'cache-and-network' });

  // A new version (saved here, restored, or loaded after a live notice) is a new revision to list.
  useEffect(() => {
    if (shownVersion !== undefined) void refetch();
  }, [shownVersion, refetch]);

  const history = data?.mailSessionHistory;
  const edges = history?.edges ?? [];
  const newest = edges[0]?.node.version;
  const oldest = edges.at(-1)?.node.version;
  return (
    <>
      <header className="top view-top">
        <h1 tabIndex={-1}>Settings history</h1>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="history">
        <div role="status" className="live-region">
          {restored && (
            <div className="notice success">
              <p>{restored.message}</p>
              {restored.warnings.length > 0 && (
                <ul>
                  {restored.warnings.map((w) => (
                    <li key={`${w.code}:${w.field.join('.')}`}>{w.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
        {error && (
          <p className="notice error" role="alert">
            {describeError(error)}
          </p>
        )}
        {loading && !history && <p>Loading the history…</p>}
        {history?.totalCount === 0 && <p>No change has been saved yet.</p>}
        {history && edges.length > 0 && (
          <>
            <p className="meta">
              Versions {newest} to {oldest}, newest first ({history.totalCount} {history.totalCount === 1 ? 'revision' : 'revisions'} in all).
            </p>
            <ol className="revisions" aria-label="Revisions">
              {edges.map(({ node }) => (
                <RevisionItem key={node.id} revision={node} current={node.version === shownVersion} onRestore={access.canChange ? setRestoring : undefined} />
              ))}
            </ol>
            <nav className="pager" aria-label="History pages">
              <button
                type="button"
                disabled={!history.pageInfo.hasPreviousPage || history.pageInfo.startCursor === null}
                onClick={() => {
                  if (history.pageInfo.startCursor !== null) setPage({ last: HISTORY_PAGE_SIZE, before: history.pageInfo.startCursor });
                }}
              >
                Newer revisions
              </button>
              <button
                type="button"
                disabled={!history.pageInfo.hasNextPage || history.pageInfo.endCursor === null}
                onClick={() => {
                  if (history.pageInfo.endCursor !== null) setPage({ first: HISTORY_PAGE_SIZE, after: history.pageInfo.endCursor });
                }}
              >
                Older revisions
              </button>
            </nav>
          </>
        )}
        {restoring && (
          <RestoreDialog
            version={restoring.version}
            expectedVersion={shownVersion}
            onCancel={() => setRestoring(undefined)}
            onReload={() => {
              setRestoring(undefined);
              reloadSettings();
            }}
            onDone={(result) => {
              setRestored({ message: restoredMessage(restoring.version, result), warnings: result.warnings });
              setRestoring(undefined);
              setPage({ first: HISTORY_PAGE_SIZE });
            }}
          />
        )}
      </main>
    </>
  );
}
