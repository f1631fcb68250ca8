import type { ReactNode } from 'react';
import type { Change } from './revision';
import { fieldLabel } from './field-labels';

const SECRET: Readonly<Record<string, string>> = { SET: 'was set', CHANGED: 'was changed', REMOVED: 'was removed' };

function shown(value: string | number | boolean | null): ReactNode {
  if (value === null || value === '') return <em>none</em>;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return <code>{String(value)}</code>;
}

function properties(list: readonly { key: string; value: string }[]): ReactNode {
  if (list.length === 0) return <em>none</em>;
  return (
    <ul className="properties">
      {list.map((p, index) => (
        <li key={`${index}:${p.key}`}>
          <code>
            {p.key}={p.value}
          </code>
        </li>
      ))}
    </ul>
  );
}

/** The values before and after, in the type of the field; a secret only as what happened to it. */
function values(change: Change): [ReactNode, ReactNode] | string {
  switch (change.__typename) {
    case 'StringFieldChange':
      return [shown(change.oldString), shown(change.newString)];
    case 'EmailAddressFieldChange':
      return [shown(change.oldAddress), shown(change.newAddress)];
    case 'IntFieldChange':
      return [shown(change.oldInt), shown(change.newInt)];
    case 'BooleanFieldChange':
      return [shown(change.oldBoolean), shown(change.newBoolean)];
    case 'ConnectionSecurityFieldChange':
      return [shown(change.oldSecurity), shown(change.newSecurity)];
    case 'MailProtocolFieldChange':
      return [shown(change.oldProtocol), shown(change.newProtocol)];
    case 'MailAuthenticationFieldChange':
      return [shown(change.oldAuthentication), shown(change.newAuthentication)];
    case 'OAuth2GrantFieldChange':
      return [shown(change.oldGrant), shown(change.newGrant)];
    case 'MailPropertiesFieldChange':
      return [properties(change.oldProperties), properties(change.newProperties)];
    case 'SecretFieldChange':
      return SECRET[change.change] ?? change.change.toLowerCase();
  }
}

/** One field a revision changed: its name, then "from ... to ...", or what happened to a secret. */
export function FieldChange({ change }: { readonly change: Change }) {
  const before = values(change);
  return (
    <div className="change">
      <dt>{fieldLabel(change.field)}</dt>
      {typeof before === 'string' ? (
        <dd>{before}</dd>
      ) : (
        <dd>
          from <del>{before[0]}</del> to <ins>{before[1]}</ins>
        </dd>
      )}
    </div>
  );
}
