import { useId } from 'react';
import { FieldNotes } from './field';
import type { FieldMessages } from './field-messages';
import { useReadOnly } from './read-only';
import { KEEP, type SecretEdit } from './secret-edit';

interface Props {
  /** "Password", "Client secret"... */
  readonly label: string;
  readonly name: string;
  /** Whether the service holds one (`passwordSet`, `clientSecretSet`...). */
  readonly isSet: boolean;
  readonly edit: SecretEdit;
  readonly onChange: (edit: SecretEdit) => void;
  readonly messages: FieldMessages;
  /** Why the secret must be typed again before Save (host, port, security or user changed). */
  readonly reentry?: string | undefined;
  readonly multiline?: boolean;
}

/**
 * A write-only secret: "set" with "Change" and "Remove" when the service holds one, an empty input
 * when a new one is being typed, never a mask that could be saved back as the secret.
 */
export function SecretField({ label, name, isSet, edit, onChange, messages, reentry, multiline = false }: Props) {
  const id = useId();
  const readOnly = useReadOnly();
  const notesId = `${id}-notes`;
  if (readOnly) {
    // Read-only: whether one is stored, in a focusable read-only input; nothing to change or remove.
    return (
      <div className="field secret">
        <label htmlFor={id}>{label}</label>
        <input id={id} name={name} type="text" readOnly value={isSet ? 'Set' : 'Not set'} aria-describedby={notesId} />
        <FieldNotes id={notesId} messages={messages} help={isSet ? 'Stored encrypted; it is never shown.' : undefined} />
      </div>
    );
  }
  const shown: FieldMessages = reentry === undefined ? messages : { ...messages, errors: [reentry, ...messages.errors] };
  const invalid = shown.errors.length > 0;
  // Asked again (reentry): the input is there at once, the reason beside it.
  const typing = edit.kind === 'replace' || (edit.kind === 'keep' && (!isSet || reentry !== undefined));
  const value = edit.kind === 'replace' ? edit.value : '';
  const input = multiline ? (
    <textarea
      id={id}
      name={name}
      rows={4}
      spellCheck={false}
      value={value}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={notesId}
      onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
    />
  ) : (
    <input
      id={id}
      name={name}
      type="password"
      autoComplete="new-password"
      value={value}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={notesId}
      onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
    />
  );
  return (
    <div className={`field secret${invalid ? ' invalid' : ''}`}>
      {typing ? <label htmlFor={id}>{isSet ? `New ${label.toLowerCase()}` : label}</label> : <span className="label">{label}</span>}
      {typing && input}
      {edit.kind === 'keep' && isSet && !typing && (
        <p className="secret-state" id={id}>
          <span className="state">Set</span>
          <button type="button" onClick={() => onChange({ kind: 'replace', value: '' })} aria-label={`Change the ${label.toLowerCase()}`}>
            Change
          </button>
          <button type="button" onClick={() => onChange({ kind: 'remove' })} aria-label={`Remove the ${label.toLowerCase()}`}>
            Remove
          </button>
        </p>
      )}
      {edit.kind === 'remove' && (
        <p className="secret-state">
          <span className="state">Removed when you save</span>
          <button type="button" onClick={() => onChange(KEEP)} aria-label={`Keep the ${label.toLowerCase()}`}>
            Keep it
          </button>
        </p>
      )}
      {reentry !== undefined && (
        <button type="button" className="link" onClick={() => onChange({ kind: 'remove' })} aria-label={`Remove the ${label.toLowerCase()}`}>
          Remove it instead
        </button>
      )}
      {edit.kind === 'replace' && isSet && reentry === undefined && (
        <button type="button" className="link" onClick={() => onChange(KEEP)} aria-label={`Keep the stored ${label.toLowerCase()}`}>
          Keep the stored one
        </button>
      )}
      <FieldNotes id={notesId} messages={shown} help={isSet && edit.kind === 'keep' && !typing ? 'Stored encrypted; it is never shown.' : undefined} />
    </div>
  );
}
