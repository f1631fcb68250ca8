import { isEmailAddress } from '../platform/graphql/scalars.js';
import type { ConnectionSecurity as Security, MailProtocol as Protocol } from '../mail-settings/mail-session.model.js';
import { isRecordedField, type RecordedField, type SecretChange } from './mail-session-history.changes.js';
import {
  BooleanFieldChange,
  EmailAddressFieldChange,
  ConnectionSecurityFieldChange,
  IntFieldChange,
  MailAuthenticationFieldChange,
  OAuth2GrantFieldChange,
  MailPropertiesFieldChange,
  MailProtocolFieldChange,
  SecretFieldChange,
  StringFieldChange,
  type FieldChange,
} from './field-change.type.js';

interface Values {
  old: unknown;
  new: unknown;
}
type Builder = (field: string[], values: Values) => FieldChange | null;

const isText = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isPort = (value: unknown): value is number => Number.isInteger(value);
const isSecurity = (value: unknown): value is Security => ['NONE', 'STARTTLS_OPTIONAL', 'STARTTLS', 'TLS'].includes(String(value));
const isProtocol = (value: unknown): value is Protocol => value === 'POP3' || value === 'IMAP';
const isProperties = (value: unknown): value is { key: string; value: string }[] =>
  Array.isArray(value) &&
  value.every(
    (p: unknown) =>
      typeof p === 'object' && p !== null && typeof (p as { key?: unknown }).key === 'string' && typeof (p as { value?: unknown }).value === 'string',
  );

/** A builder of one value type: null when the recorded values are not of that type. */
function typed<K extends string, T>(make: new () => FieldChange & Record<`old${K}` | `new${K}`, T>, name: K, is: (value: unknown) => value is T): Builder {
  return (field, values) =>
    is(values.old) && is(values.new) ? Object.assign(new make(), { field, [`old${name}`]: values.old, [`new${name}`]: values.new }) : null;
}

const text = typed(StringFieldChange, 'String', isText);
const port = typed(IntFieldChange, 'Int', isPort);
const security = typed(ConnectionSecurityFieldChange, 'Security', isSecurity);
const authentication = typed(
  MailAuthenticationFieldChange,
  'Authentication',
  (value): value is 'PASSWORD' | 'OAUTH2' => value === 'PASSWORD' || value === 'OAUTH2',
);
const grant = typed(
  OAuth2GrantFieldChange,
  'Grant',
  (value): value is 'CLIENT_CREDENTIALS' | 'REFRESH_TOKEN' | 'JWT_BEARER' | null =>
    value === null || value === 'CLIENT_CREDENTIALS' || value === 'REFRESH_TOKEN' || value === 'JWT_BEARER',
);
const emailAddress = typed(EmailAddressFieldChange, 'Address', (value): value is string | null => value === null || isEmailAddress(value));

/** The GraphQL type of each recorded field; `secret` for passwords. */
const BUILDERS = {
  'incoming.protocol': typed(MailProtocolFieldChange, 'Protocol', isProtocol),
  'incoming.host': text,
  'incoming.port': port,
  'incoming.security': security,
  'incoming.user': text,
  'incoming.password': 'secret',
  'incoming.deleteAfterFetch': typed(BooleanFieldChange, 'Boolean', (value): value is boolean => typeof value === 'boolean'),
  'incoming.authentication': authentication,
  'incoming.oauth2.grant': grant,
  'incoming.oauth2.tokenUrl': text,
  'incoming.oauth2.clientId': text,
  'incoming.oauth2.scope': text,
  'incoming.oauth2.serviceAccountEmail': text,
  'incoming.oauth2.clientSecret': 'secret',
  'incoming.oauth2.refreshToken': 'secret',
  'incoming.oauth2.privateKey': 'secret',
  'outgoing.host': text,
  'outgoing.port': port,
  'outgoing.security': security,
  'outgoing.user': text,
  'outgoing.password': 'secret',
  'outgoing.authentication': authentication,
  'outgoing.oauth2.grant': grant,
  'outgoing.oauth2.tokenUrl': text,
  'outgoing.oauth2.clientId': text,
  'outgoing.oauth2.scope': text,
  'outgoing.oauth2.serviceAccountEmail': text,
  'outgoing.oauth2.clientSecret': 'secret',
  'outgoing.oauth2.refreshToken': 'secret',
  'outgoing.oauth2.privateKey': 'secret',
  additionalProperties: (field, values) =>
    isProperties(values.old) && isProperties(values.new)
      ? Object.assign(new MailPropertiesFieldChange(), {
          field,
          oldProperties: values.old.map(({ key, value }) => ({ key, value })),
          newProperties: values.new.map(({ key, value }) => ({ key, value })),
        })
      : null,
  'defaultSender.name': text,
  // An address the EmailAddress scalar would refuse (recorded before it checked them) stays readable as text.
  'defaultSender.address': (field, values) => emailAddress(field, values) ?? text(field, values),
} as const satisfies Record<RecordedField, Builder | 'secret'>;

const isSecretChange = (value: unknown): value is SecretChange => value === 'SET' || value === 'CHANGED' || value === 'REMOVED';

/**
 * One entry of a revision's `changes` column as a typed change. Null when the entry is not one
 * this version of the service writes in full (rows written before values, or before a password's
 * kind of change, were recorded): the caller then derives the change from the snapshots.
 */
export function typedChange(recorded: unknown): FieldChange | null {
  if (typeof recorded !== 'object' || recorded === null) return null;
  const entry = recorded as Record<string, unknown>;
  if (typeof entry.field !== 'string' || !isRecordedField(entry.field)) return null;
  const builder = BUILDERS[entry.field];
  const field = entry.field.split('.');
  if (builder === 'secret') {
    return entry.secret === true && isSecretChange(entry.change) ? Object.assign(new SecretFieldChange(), { field, change: entry.change }) : null;
  }
  if (entry.secret === true || !Object.hasOwn(entry, 'old') || !Object.hasOwn(entry, 'new')) return null;
  return builder(field, { old: entry.old, new: entry.new });
}
