import { useId, type ReactNode } from 'react';
import type { FieldMessages } from './field-messages';
import { useReadOnly } from './read-only';

interface MessagesProps {
  readonly id: string;
  readonly messages: FieldMessages;
  readonly help?: ReactNode;
}

/** A field's help, the server's warnings and its errors, referenced by the input's aria-describedby. */
export function FieldNotes({ id, messages, help }: MessagesProps) {
  // Rendered even when empty: an input's aria-describedby always names an element that exists.
  return (
    <div id={id} className="field-notes">
      {help !== undefined && <p className="help">{help}</p>}
      {messages.warnings.map((warning) => (
        <p key={warning} className="warning">
          <span className="tag">Warning</span> {warning}
        </p>
      ))}
      {messages.errors.map((error) => (
        <p key={error} className="error">
          <span className="tag">Error</span> {error}
        </p>
      ))}
    </div>
  );
}

interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly messages: FieldMessages;
  readonly name: string;
  readonly type?: 'text' | 'email' | 'url';
  readonly inputMode?: 'numeric' | 'text' | 'email' | 'url';
  readonly placeholder?: string;
  readonly autoComplete?: string;
  readonly list?: string;
  readonly help?: ReactNode;
  readonly disabled?: boolean;
}

/** A labelled text input whose notes (help, warnings, errors) screen readers read with it. */
export function TextField({
  label,
  value,
  onChange,
  messages,
  name,
  type = 'text',
  inputMode,
  placeholder,
  autoComplete = 'off',
  list,
  help,
  disabled,
}: TextFieldProps) {
  const id = useId();
  const readOnly = useReadOnly();
  const notesId = `${id}-notes`;
  const hasNotes = help !== undefined || messages.errors.length > 0 || messages.warnings.length > 0;
  return (
    <div className={`field${messages.errors.length > 0 ? ' invalid' : ''}${messages.warnings.length > 0 ? ' warned' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        readOnly={readOnly || undefined}
        inputMode={inputMode}
        placeholder={placeholder}
        autoComplete={autoComplete}
        list={list}
        spellCheck={false}
        value={value}
        disabled={disabled}
        aria-invalid={messages.errors.length > 0 ? true : undefined}
        aria-describedby={hasNotes ? notesId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldNotes id={notesId} messages={messages} help={help} />
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly onChange: (value: T) => void;
  readonly messages: FieldMessages;
  readonly name: string;
  readonly help?: ReactNode;
}

/**
 * A labelled choice. Read-only, it is a read-only text input holding the chosen option's label:
 * a <select> has no read-only state, and a disabled one is skipped by the keyboard.
 */
export function SelectField<T extends string>({ label, value, options, onChange, messages, name, help }: SelectFieldProps<T>) {
  const id = useId();
  const readOnly = useReadOnly();
  const notesId = `${id}-notes`;
  const hasNotes = help !== undefined || messages.errors.length > 0 || messages.warnings.length > 0;
  return (
    <div className={`field${messages.errors.length > 0 ? ' invalid' : ''}${messages.warnings.length > 0 ? ' warned' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {readOnly ? (
        <input
          id={id}
          name={name}
          type="text"
          readOnly
          value={options.find((option) => option.value === value)?.label ?? value}
          aria-invalid={messages.errors.length > 0 ? true : undefined}
          aria-describedby={hasNotes ? notesId : undefined}
        />
      ) : (
        <select
          id={id}
          name={name}
          value={value}
          aria-invalid={messages.errors.length > 0 ? true : undefined}
          aria-describedby={hasNotes ? notesId : undefined}
          onChange={(event) => {
            const chosen = options.find((option) => option.value === event.target.value);
            if (chosen) onChange(chosen.value);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
      <FieldNotes id={notesId} messages={messages} help={help} />
    </div>
  );
}
