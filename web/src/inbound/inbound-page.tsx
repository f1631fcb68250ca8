import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors';
import { ListPager, StatusFilter, withCursor } from '../shell/list-controls';
import { useRefetchOnReconnect } from '../shell/use-refetch-on-reconnect';
import { ConsoleInboundMessageReceivedDocument, ConsoleInboundMessagesDocument, type InboundMessageStatus } from '../generated/graphql';
import { InboundDetail } from './inbound-detail';
import { InboundRow } from './inbound-row';
import { senderOf, subjectOf } from './inbound-sender';

const PAGE_SIZE = 20;
const STATUSES: readonly InboundMessageStatus[] = ['NEW', 'ACKNOWLEDGED', 'REFUSED'];

/** The API lists oldest first: the newest page is the last one; older pages come before it. */
type Page = { readonly last: number; readonly before?: string } | { readonly first: number; readonly after: string };
const NEWEST: Page = { last: PAGE_SIZE };

interface Props {
  readonly onSignOut: () => void;
  /** The message whose detail is shown (its global id, from the address /admin/inbound/<id>); undefined: the list. */
  readonly openId: string | undefined;
  /** Shows a message's detail at its own address. */
  readonly onOpen: (id: string) => void;
  /** Back to the list (as it was left when the detail was opened from it). */
  readonly onClose: () => void;
}

/**
 * Inbound mail as the reader stored it (receiver and admin tokens): newest first, by status, a
 * message's detail (at its own address), Acknowledge; each message stored while the page is open
 * is announced at once and listed when the newest page is shown.
 */
export function InboundPage({ onSignOut, openId, onOpen, onClose }: Props) {
  const [status, setStatus] = useState<InboundMessageStatus | ''>('');
  const [page, setPage] = useState<Page>(NEWEST);
  const [arrived, setArrived] = useState<string>();
  const { data, error, loading, refetch } = useQuery(ConsoleInboundMessagesDocument, {
    variables: { ...page, status: status === '' ? null : status },
    fetchPolicy: 'cache-and-network',
    // A refetch for an event must ask again: joined to a request already under way (Apollo's
    // deduplication), it would get an answer from before the event.
    context: { queryDeduplication: false },
  });
  const onNewest = page === NEWEST;
  // Messages stored while the live socket was down sent their events to no one: read the page again.
  useRefetchOnReconnect(refetch);
  // Back from a message: the focus returns to the button that opened it (or the view's heading).
  const opened = useRef<string>(undefined);
  useEffect(() => {
    if (openId !== undefined) {
      opened.current = openId;
      return;
    }
    if (opened.current === undefined) return;
    const button = document.querySelector<HTMLElement>(`[data-open="${CSS.escape(opened.current)}"]`) ?? document.querySelector<HTMLElement>('h1');
    button?.focus();
    opened.current = undefined;
  }, [openId]);
  useSubscription(ConsoleInboundMessageReceivedDocument, {
    onData: ({ data: event }) => {
      const message = event.data?.inboundMessageReceived;
      if (!message) return;
      setArrived(`New message from ${senderOf(message.from)}: ${subjectOf(message.subject)}.`);
      if (onNewest) void refetch();
    },
  });
  const list = data?.inboundMessages;
  const rows = list ? [...list.edges].reverse() : [];
  const where = status === '' ? '' : ` in status ${status}`;
  return (
    <>
      <header className="top view-top">
        <h1 tabIndex={-1}>Inbound mail</h1>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="inbound">
        <div role="status" className="live-region">
          {arrived && (
            <div className="notice live">
              <p>{arrived}</p>
              {!onNewest && (
                <button type="button" onClick={() => setPage(NEWEST)}>
                  Show the newest messages
                </button>
              )}
            </div>
          )}
        </div>
        {openId !== undefined ? (
          <InboundDetail key={openId} id={openId} onBack={onClose} />
        ) : (
          <>
            <StatusFilter
              statuses={STATUSES}
              value={status}
              onChange={(next) => {
                setStatus(next);
                setPage(NEWEST);
              }}
              onRefresh={() => void refetch()}
            />
            {error && (
              <p className="notice error" role="alert">
                {describeError(error)}
              </p>
            )}
            {loading && !list && <p>Loading the messages…</p>}
            {list?.totalCount === 0 && <p>No message{where}.</p>}
            {list && rows.length > 0 && (
              <>
                <p className="meta">
                  {list.totalCount} {list.totalCount === 1 ? 'message' : 'messages'}
                  {where}, newest first.
                </p>
                <div className="table-scroll" role="region" aria-label="Inbound messages" tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Status</th>
                        <th scope="col">From</th>
                        <th scope="col">Subject</th>
                        <th scope="col">To</th>
                        <th scope="col">Received</th>
                        <th scope="col">Actions</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map(({ node }) => (
                        <InboundRow key={node.id} message={node} onOpen={onOpen} />
                      ))}
                    </tbody>
                  </table>
                </div>
                <ListPager
                  label="Message pages"
                  newer={withCursor(list.pageInfo.hasNextPage, list.pageInfo.endCursor, (after) => setPage({ first: PAGE_SIZE, after }))}
                  older={withCursor(list.pageInfo.hasPreviousPage, list.pageInfo.startCursor, (before) => setPage({ last: PAGE_SIZE, before }))}
                />
              </>
            )}
          </>
        )}
      </main>
    </>
  );
}
