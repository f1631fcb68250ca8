import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useAccess } from '../access/access';
import { describeError } from '../api/errors';
import { ConsoleOutboundMessagesDocument, type OutboundStatus } from '../generated/graphql';
import { ListPager, StatusFilter, withCursor } from '../shell/list-controls';
import { useRefetchOnReconnect } from '../shell/use-refetch-on-reconnect';
import { OutboundRow } from './outbound-row';

const PAGE_SIZE = 20;
const STATUSES: readonly OutboundStatus[] = ['QUEUED', 'SENDING', 'RETRYING', 'SENT', 'FAILED', 'CANCELLED'];

type Page = { readonly first: number; readonly after?: string } | { readonly last: number; readonly before: string };

/** The outbound queue: every message sendEmail accepted, newest first, by status; retry and cancel for an admin. */
export function OutboundPage({ onSignOut }: { readonly onSignOut: () => void }) {
  const access = useAccess();
  const canManage = access.roles?.includes('ADMIN') === true;
  const [status, setStatus] = useState<OutboundStatus | ''>('');
  const [page, setPage] = useState<Page>({ first: PAGE_SIZE });
  const { data, error, loading, refetch } = useQuery(ConsoleOutboundMessagesDocument, {
    variables: { ...page, status: status === '' ? null : status },
    fetchPolicy: 'cache-and-network',
    // A refetch for an event must ask again: joined to a request already under way (Apollo's
    // deduplication), it would get an answer from before the event.
    context: { queryDeduplication: false },
  });
  // Back online after the connection dropped, the statuses shown may be long out of date (sent,
  // failed, cancelled meanwhile): read the page again, as the inbound view and the settings do.
  useRefetchOnReconnect(refetch);
  const list = data?.outboundMessages;
  return (
    <>
      <header className="top view-top">
        <h1 tabIndex={-1}>Outbound mail</h1>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="outbound">
        <StatusFilter
          statuses={STATUSES}
          value={status}
          onChange={(next) => {
            setStatus(next);
            setPage({ first: PAGE_SIZE });
          }}
          onRefresh={() => void refetch()}
        />
        {error && (
          <p className="notice error" role="alert">
            {describeError(error)}
          </p>
        )}
        {loading && !list && <p>Loading the queue…</p>}
        {list?.totalCount === 0 && <p>No message{status === '' ? '' : ` in status ${status}`}.</p>}
        {list && list.edges.length > 0 && (
          <>
            <p className="meta">
              {list.totalCount} {list.totalCount === 1 ? 'message' : 'messages'}
              {status === '' ? '' : ` in status ${status}`}, newest first.
            </p>
            <div className="table-scroll" role="region" aria-label="Outbound messages" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col">Subject</th>
                    <th scope="col">To</th>
                    <th scope="col">Accepted</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last error</th>
                    {canManage && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.edges.map(({ node }) => (
                    <OutboundRow key={node.id} message={node} canManage={canManage} />
                  ))}
                </tbody>
              </table>
            </div>
            <ListPager
              label="Queue pages"
              newer={withCursor(list.pageInfo.hasPreviousPage, list.pageInfo.startCursor, (before) => setPage({ last: PAGE_SIZE, before }))}
              older={withCursor(list.pageInfo.hasNextPage, list.pageInfo.endCursor, (after) => setPage({ first: PAGE_SIZE, after }))}
            />
          </>
        )}
      </main>
    </>
  );
}
