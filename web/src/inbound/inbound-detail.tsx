import { useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { describeError } from '../api/errors';
import { ConsoleInboundMessageDocument } from '../generated/graphql';
import { formatTime } from '../shell/format-time';
import { AcknowledgeButton } from './acknowledge-button';
import { formatSize, senderOf, subjectOf } from './inbound-sender';

interface Props {
  readonly id: string;
  readonly onBack: () => void;
}

/**
 * One stored message: its headers as a list, the text part as text (in a <pre>, never parsed),
 * and what its attachments are. The HTML part is never rendered: the page only says there is one.
 */
export function InboundDetail({ id, onBack }: Props) {
  const { data, error, loading } = useQuery(ConsoleInboundMessageDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const message = data?.inboundMessage;
  // Opening a message moves the focus to its subject, so a screen reader reads where it is.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = message !== undefined && message !== null;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  return (
    <article className="inbound-detail" aria-labelledby="inbound-detail-heading">
      <button type="button" onClick={onBack}>
        Back to the list
      </button>
      {error && (
        <p className="notice error" role="alert">
          {describeError(error)}
        </p>
      )}
      {loading && !message && <p>Loading the message…</p>}
      {data && message === null && <p>There is no such message (any more).</p>}
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
