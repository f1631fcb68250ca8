import { useId } from 'react';
import { FieldNotes } from './field';
import { messagesOf, type FieldMessages, type MessagesByField } from './field-messages';
import { propertyRow, type PropertyRow } from './form-model';
import { propertyProblems } from './property-check';
import { useReadOnly } from './read-only';
import { PROPERTY_KEYS, VALUE_HINTS } from './property-keys';

interface Props {
  readonly rows: readonly PropertyRow[];
  readonly onChange: (rows: readonly PropertyRow[]) => void;
  readonly messages: MessagesByField;
}

function withLocal(server: FieldMessages, local: string | undefined): FieldMessages {
  return local === undefined ? server : { ...server, errors: [local, ...server.errors] };
}

/** Additional JavaMail properties as key/value rows, the supported keys offered as you type, each row checked. */
export function PropertiesEditor({ rows, onChange, messages }: Props) {
  const listId = useId();
  const readOnly = useReadOnly();
  const update = (id: number, change: Partial<PropertyRow>) => onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  return (
    <fieldset className="properties">
      <legend>Additional JavaMail properties</legend>
      <datalist id={listId}>
        {[...PROPERTY_KEYS].map(([key, kind]) => (
          <option key={key} value={key} label={VALUE_HINTS[kind]} />
        ))}
      </datalist>
      <FieldNotes id={`${listId}-notes`} messages={messagesOf(messages, 'additionalProperties')} />
      {rows.length === 0 && <p className="help">None.{readOnly ? '' : ' Timeouts, certificate checks and SMTP details can be set here, as in JavaMail.'}</p>}
      <ul>
        {rows.map((row, index) => {
          const local = propertyProblems(row.key, row.value);
          const kind = PROPERTY_KEYS.get(row.key.trim());
          const keyMessages = withLocal(messagesOf(messages, `additionalProperties.${index}.key`), local.key);
          const valueMessages = withLocal(messagesOf(messages, `additionalProperties.${index}.value`), local.value);
          const rowMessages = messagesOf(messages, `additionalProperties.${index}`);
          const keyId = `${listId}-${row.id}-key`;
          const valueId = `${listId}-${row.id}-value`;
          return (
            <li key={row.id} className="property-row">
              <div className={`field${keyMessages.errors.length > 0 ? ' invalid' : ''}`}>
                <label htmlFor={keyId}>Key {index + 1}</label>
                <input
                  id={keyId}
                  list={listId}
                  spellCheck={false}
                  autoComplete="off"
                  value={row.key}
                  readOnly={readOnly || undefined}
                  aria-invalid={keyMessages.errors.length > 0 ? true : undefined}
                  aria-describedby={`${keyId}-notes`}
                  onChange={(event) => update(row.id, { key: event.target.value })}
                />
                <FieldNotes id={`${keyId}-notes`} messages={keyMessages} />
              </div>
              <div className={`field${valueMessages.errors.length > 0 ? ' invalid' : ''}`}>
                <label htmlFor={valueId}>Value {index + 1}</label>
                <input
                  id={valueId}
                  spellCheck={false}
                  autoComplete="off"
                  value={row.value}
                  readOnly={readOnly || undefined}
                  placeholder={kind === undefined ? undefined : VALUE_HINTS[kind]}
                  aria-invalid={valueMessages.errors.length > 0 ? true : undefined}
                  aria-describedby={`${valueId}-notes`}
                  onChange={(event) => update(row.id, { value: event.target.value })}
                />
                <FieldNotes id={`${valueId}-notes`} messages={valueMessages} />
              </div>
              {!readOnly && (
                <button
                  type="button"
                  className="remove-row"
                  onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
                  aria-label={`Remove property ${index + 1}`}
                >
                  Remove
                </button>
              )}
              <FieldNotes id={`${listId}-${row.id}-row`} messages={rowMessages} />
            </li>
          );
        })}
      </ul>
      {!readOnly && (
        <button type="button" onClick={() => onChange([...rows, propertyRow()])}>
          Add a property
        </button>
      )}
    </fieldset>
  );
}
