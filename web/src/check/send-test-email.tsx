import { useMutation } from '@apollo/client/react';
import { useId, useState, type SyntheticEvent } from 'react';
import { apiErrors, describeError } from '../api/errors';
import { ConsoleSendTestEmailDocument, type ConsoleSendTestEmailMutation } from '../generated/graphql';

interface Props {
  /** The signed-in user's address when the token carries one, else empty. */
  readonly defaultRecipient: string;
  readonly savedSender: string | null;
}

/** "Send a test e-mail": a real message through the saved, live outgoing server. */
export function SendTestEmail({ defaultRecipient, savedSender }: Props) {
  const [to, setTo] = useState(defaultRecipient);
  const [send, { loading }] = useMutation(ConsoleSendTestEmailDocument);
  const [result, setResult] = useState<ConsoleSendTestEmailMutation['sendTestEmail']>();
  const [failure, setFailure] = useState<string>();
  const id = useId();
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setResult(undefined);
    setFailure(undefined);
    try {
      const { data } = await send({ variables: { input: { to: to.trim() } } });
      if (data) setResult(data.sendTestEmail);
    } catch (error) {
      const [first] = apiErrors(error);
      const reason = first?.extensions.reason;
      setFailure(`${describeError(error)}${typeof reason === 'string' ? ` (${reason})` : ''}`);
    }
  };
  return (
    <section className="send-test" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Send a test e-mail</h2>
      <form onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-heading`}>
        <p className="help">
          Sent through the saved outgoing server{savedSender === null ? '' : `, from ${savedSender}`}. Save first to send with what is in the form.
        </p>
        <div className="field">
          <label htmlFor={`${id}-to`}>Recipient</label>
          <input id={`${id}-to`} name="test-recipient" type="email" autoComplete="email" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <button type="submit" disabled={loading || to.trim() === ''}>
          {loading ? 'Sending…' : 'Send a test e-mail'}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {result && (
          <p className="notice ok">
            Accepted for {result.accepted.join(', ')}
            {result.rejected.length > 0 ? `; refused for ${result.rejected.join(', ')}` : ''}. Server reply: <samp>{result.response}</samp>. Message-ID:{' '}
            <samp>{result.messageId}</samp>
          </p>
        )}
        {failure !== undefined && <p className="notice error">Not sent: {failure}</p>}
      </div>
    </section>
  );
}
