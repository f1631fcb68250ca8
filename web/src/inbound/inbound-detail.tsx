import { useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { apiErrors, describeError } from '../api/errors';
import { ConsoleInboundMessageDocument } from '../generated/graphql';
import { formatTime } from '../shell/format-time';
import { AcknowledgeButton } from './acknowledge-button';
import { InboundHeaders } from './inbound-headers';
import { formatSize, senderOf, subjectOf } from './inbound-sender';

interface Props {
  readonly id: string;
  readonly onBack: () => void;
}

/** The API refuses an id that is no inbound message's global id (another type's, a mistyped address) on the argument itself. */
function isForeignId(error: unknown): boolean {
  return apiErrors(error).some((e) => e.code === 'BAD_USER_INPUT' && e.field?.join('.') === 'id');
}

/**
 * One stored message (at /admin/inbound/<id>): its main headers as a list and every header field
 * as text on demand, the text part as text (in a <pre>, never parsed), and what its attachments
 * are. The HTML part is never rendered: the page only says there is one. An address that names no
 * message the caller can read says so.
 */
export function InboundDetail({ id, onBack }: Props) {
  const { data, error, loading } = useQuery(ConsoleInboundMessageDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const message = data?.inboundMessage;
  const notFound = (data !== undefined && message === null) || isForeignId(error);
  // Opening a message moves the focus to its subject (or to "not found"), so a screen reader reads where it is.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = (message !== undefined && message !== null) || notFound;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  return (
    <article className="inbound-detail" aria-labelledby="inbound-detail-heading">
      <button type="button" onClick={onBack}>
        Back to the list
      </button>
      {error && !notFound && (
        <p className="notice error" role="alert">
          {describeError(error)}
        </p>
      )}
      {loading && !message && !notFound && <p>Loading the message…</p>}
      {notFound && (
        <>
          <h2 id="inbound-detail-heading" tabIndex={-1} ref={heading}>
            Message not found
          </h2>
          <p className="message-id">
            There is no inbound message with the id <code>{id}</code>. The link may be mistyped or cut short, or name something other than an inbound message.
          </p>
        </>
      )}
      {message && (
        <>
          <h2 id="inbound-detail-heading" tabIndex={-1} ref={heading}>
            {subjectOf(message.subject)}
          </h2>
          <dl className="headers">
            <dt>Status</dt>
            <dd>
              <span className={`status status-${message.status.toLowerCase()}`}>{message.status}</span>
              {message.acknowledgedAt && (
                <>
                  {' '}
                  at <time dateTime={message.acknowledgedAt}>{formatTime(message.acknowledgedAt)}</time>
                  {message.acknowledgedBy ? ` by ${message.acknowledgedBy}` : ''}
                </>
              )}
              {message.refusedReason && <> ({message.refusedReason})</>}
            </dd>
            <dt>From</dt>
            <dd>{senderOf(message.from)}</dd>
            <dt>To</dt>
            <dd>{message.to.join(', ') || '—'}</dd>
            {message.cc.length > 0 && (
              <>
                <dt>Cc</dt>
                <dd>{message.cc.join(', ')}</dd>
              </>
            )}
            <dt>Subject</dt>
            <dd>{subjectOf(message.subject)}</dd>
            <dt>Date</dt>
            <dd>{message.date ? <time dateTime={message.date}>{formatTime(message.date)}</time> : '—'}</dd>
            <dt>Received</dt>
            <dd>
              <time dateTime={message.receivedAt}>{formatTime(message.receivedAt)}</time> from {message.mailbox}
            </dd>
            <dt>Size</dt>
            <dd>{formatSize(message.size)}</dd>
          </dl>
          <InboundHeaders headers={message.headers} />
          {message.status === 'NEW' && (
            <p className="actions">
              <AcknowledgeButton id={message.id} label={`Acknowledge ${subjectOf(message.subject)}`} />
            </p>
          )}
          <h3>Text</h3>
          {message.unparseable && <p>The message could not be parsed: only its size and raw source are known.</p>}
          {message.text === null ? <p>This message has no plain text part.</p> : <pre className="message-text">{message.text}</pre>}
          {message.html !== null && <p className="help">It also has an HTML part, not shown here (it could load remote content or run as a page).</p>}
          <h3>Attachments</h3>
          {message.attachments.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul className="attachments" aria-label="Attachments">
              {message.attachments.map((attachment, index) => (
                <li key={`${index}-${attachment.filename ?? ''}`}>
                  {attachment.filename ?? '(no file name)'} — {attachment.contentType}, {formatSize(attachment.size)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </article>
  );
}
