import { TextField } from './field';
import { messagesOf, type MessagesByField } from './field-messages';

interface Props {
  readonly name: string;
  readonly address: string;
  readonly onChange: (change: { name?: string; address?: string }) => void;
  readonly messages: MessagesByField;
}

/** The From of messages that name none, also the sender of the connection test and of test e-mails. */
export function SenderSection({ name, address, onChange, messages }: Props) {
  return (
    <section className="sender" aria-labelledby="sender-heading">
      <h2 id="sender-heading">Default sender</h2>
      <TextField
        label="Name"
        name="sender-name"
        value={name}
        onChange={(value) => onChange({ name: value })}
        messages={messagesOf(messages, 'defaultSender.name')}
      />
      <TextField
        label="Address"
        name="sender-address"
        type="email"
        value={address}
        onChange={(value) => onChange({ address: value })}
        messages={messagesOf(messages, 'defaultSender.address')}
        help="Used as From when a message names none, and as the sender of the connection test."
      />
    </section>
  );
}
