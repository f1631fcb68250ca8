import { useMutation } from '@apollo/client/react';
import { describeError } from '../api/errors';
import { ConsoleCancelOutboundMessageDocument, ConsoleRetryOutboundMessageDocument, type OutboundRowFragment } from '../generated/graphql';
import { formatTime } from '../shell/format-time';

interface Props {
  readonly message: OutboundRowFragment;
  /** Retry and cancel are an admin's. */
  readonly canManage: boolean;
}

const RETRYABLE = new Set(['FAILED', 'CANCELLED']);
const CANCELLABLE = new Set(['QUEUED', 'RETRYING']);

/** One outbound message: status, recipients, subject, attempts and last error; Retry or Cancel when its status allows. */
export function OutboundRow({ message, canManage }: Props) {
  const [retry, retried] = useMutation(ConsoleRetryOutboundMessageDocument);
  const [cancel, cancelled] = useMutation(ConsoleCancelOutboundMessageDocument);
  const error = retried.error ?? cancelled.error;
  const busy = retried.loading || cancelled.loading;
  const label = `${message.subject} to ${message.to.join(', ')}`;
  return (
    <tr>
      <td>
        <span className={`status status-${message.status.toLowerCase()}`}>{message.status}</span>
      </td>
      <td className="wrap">{message.subject}</td>
      <td className="wrap">{message.to.join(', ')}</td>
      <td>
        <time dateTime={message.acceptedAt}>{formatTime(message.acceptedAt)}</time>
        <br />
        by {message.createdBy}
      </td>
      <td>
        {message.attempts}
        {message.nextAttemptAt && (
          <>
            , next <time dateTime={message.nextAttemptAt}>{formatTime(message.nextAttemptAt)}</time>
          </>
        )}
      </td>
      <td className="wrap">
        {message.lastError ? (
          <>
            {message.lastError.code ?? 'Error'}: {message.lastError.message}
            {message.lastError.reply && (
              <>
                <br />
                <code>{message.lastError.reply}</code>
              </>
            )}
          </>
        ) : (
          '—'
        )}
        {error && (
          <p className="notice error" role="alert">
            {describeError(error)}
          </p>
        )}
      </td>
      {canManage && (
        <td>
          {RETRYABLE.has(message.status) && (
            <button
              type="button"
              disabled={busy}
              aria-label={`Retry ${label}`}
              onClick={() => void retry({ variables: { input: { id: message.id } } }).catch(() => undefined)}
            >
              Retry
            </button>
          )}
          {CANCELLABLE.has(message.status) && (
            <button
              type="button"
              disabled={busy}
              aria-label={`Cancel ${label}`}
              onClick={() => void cancel({ variables: { input: { id: message.id } } }).catch(() => undefined)}
            >
              Cancel
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
