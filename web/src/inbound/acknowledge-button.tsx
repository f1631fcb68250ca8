import { useMutation } from '@apollo/client/react';
import { describeError } from '../api/errors';
import { ConsoleAcknowledgeInboundMessageDocument } from '../generated/graphql';

interface Props {
  readonly id: string;
  /** The button's accessible name: "Acknowledge <subject> from <sender>", unique in the list. */
  readonly label: string;
}

/**
 * Marks a NEW message as handled. The list is read again after it (a message acknowledged under
 * the NEW filter leaves the page); the message itself changes in the cache from the answer.
 */
export function AcknowledgeButton({ id, label }: Props) {
  const [acknowledge, { loading, error }] = useMutation(ConsoleAcknowledgeInboundMessageDocument, {
    refetchQueries: ['ConsoleInboundMessages'],
  });
  return (
    <>
      <button type="button" disabled={loading} aria-label={label} onClick={() => void acknowledge({ variables: { input: { id } } }).catch(() => undefined)}>
        Acknowledge
      </button>
      {error && (
        <p className="notice error" role="alert">
          {describeError(error)}
        </p>
      )}
    </>
  );
}
