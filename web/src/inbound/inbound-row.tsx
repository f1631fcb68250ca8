import type { InboundRowFragment } from '../generated/graphql';
import { formatTime } from '../shell/format-time';
import { AcknowledgeButton } from './acknowledge-button';
import { senderOf, subjectOf } from './inbound-sender';

interface Props {
  readonly message: InboundRowFragment;
  readonly onOpen: (id: string) => void;
}

/** One stored message: status, sender, subject (which opens it), recipients, when it came; Acknowledge while it is NEW. */
export function InboundRow({ message, onOpen }: Props) {
  const subject = subjectOf(message.subject);
  const sender = senderOf(message.from);
  return (
    <tr>
      <td>
        <span className={`status status-${message.status.toLowerCase()}`}>{message.status}</span>
      </td>
      <td className="wrap">{sender}</td>
      <td className="wrap">
        <button type="button" className="link" aria-label={`Open ${subject} from ${sender}`} data-open={message.id} onClick={() => onOpen(message.id)}>
          {subject}
        </button>
      </td>
      <td className="wrap">{message.to.join(', ') || '—'}</td>
      <td>
        <time dateTime={message.receivedAt}>{formatTime(message.receivedAt)}</time>
      </td>
      <td>{message.status === 'NEW' && <AcknowledgeButton id={message.id} label={`Acknowledge ${subject} from ${sender}`} />}</td>
    </tr>
  );
}
