import { storedProperties } from '../mail-settings/mail-session.row.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';

/** A value as history records it: what the API shows for that field. */
export type RecordedValue = string | number | boolean | null | { key: string; value: string }[];

/** What happened to a password: history never records more. */
export type SecretChange = 'SET' | 'CHANGED' | 'REMOVED';

/**
 * One changed field with its value before and after. For a password, `secret` is true and both
 * values are left out: only whether it was set, replaced or removed (`change`) is recorded.
 * Revisions written before `change` was recorded have none.
 */
export type FieldChange = { field: string; old: RecordedValue; new: RecordedValue; secret?: false } | { field: string; secret: true; change?: SecretChange };

type Reader = (row: StoredMailSession) => RecordedValue;

/** The password and OAuth 2.0 secret columns, by input path: read only to tell SET, CHANGED and REMOVED apart. */
const SECRET_COLUMNS = {
  'incoming.password': (row: StoredMailSession) => row.incomingPassword,
  'outgoing.password': (row: StoredMailSession) => row.outgoingPassword,
  'incoming.oauth2.clientSecret': (row: StoredMailSession) => row.incomingOAuth2ClientSecret,
  'incoming.oauth2.refreshToken': (row: StoredMailSession) => row.incomingOAuth2RefreshToken,
  'incoming.oauth2.privateKey': (row: StoredMailSession) => row.incomingOAuth2PrivateKey,
  'outgoing.oauth2.clientSecret': (row: StoredMailSession) => row.outgoingOAuth2ClientSecret,
  'outgoing.oauth2.refreshToken': (row: StoredMailSession) => row.outgoingOAuth2RefreshToken,
  'outgoing.oauth2.privateKey': (row: StoredMailSession) => row.outgoingOAuth2PrivateKey,
} as const;

/** Every input path a change can name, and how to read its value from a row. */
export const RECORDED_FIELDS = {
  'incoming.protocol': (row) => row.incomingProtocol,
  'incoming.host': (row) => row.incomingHost,
  'incoming.port': (row) => row.incomingPort,
  'incoming.security': (row) => row.incomingSecurity,
  'incoming.user': (row) => row.incomingUser,
  'incoming.password': 'secret',
  'incoming.deleteAfterFetch': (row) => row.incomingDeleteAfterFetch,
  'incoming.authentication': (row) => row.incomingAuthentication,
  'incoming.oauth2.grant': (row) => row.incomingOAuth2Grant,
  'incoming.oauth2.tokenUrl': (row) => row.incomingOAuth2TokenUrl,
  'incoming.oauth2.clientId': (row) => row.incomingOAuth2ClientId,
  'incoming.oauth2.scope': (row) => row.incomingOAuth2Scope,
  'incoming.oauth2.serviceAccountEmail': (row) => row.incomingOAuth2ServiceAccountEmail,
  'incoming.oauth2.clientSecret': 'secret',
  'incoming.oauth2.refreshToken': 'secret',
  'incoming.oauth2.privateKey': 'secret',
  'outgoing.host': (row) => row.outgoingHost,
  'outgoing.port': (row) => row.outgoingPort,
  'outgoing.security': (row) => row.outgoingSecurity,
  'outgoing.user': (row) => row.outgoingUser,
  'outgoing.password': 'secret',
  'outgoing.authentication': (row) => row.outgoingAuthentication,
  'outgoing.oauth2.grant': (row) => row.outgoingOAuth2Grant,
  'outgoing.oauth2.tokenUrl': (row) => row.outgoingOAuth2TokenUrl,
  'outgoing.oauth2.clientId': (row) => row.outgoingOAuth2ClientId,
  'outgoing.oauth2.scope': (row) => row.outgoingOAuth2Scope,
  'outgoing.oauth2.serviceAccountEmail': (row) => row.outgoingOAuth2ServiceAccountEmail,
  'outgoing.oauth2.clientSecret': 'secret',
  'outgoing.oauth2.refreshToken': 'secret',
  'outgoing.oauth2.privateKey': 'secret',
  additionalProperties: (row) => storedProperties(row),
  'defaultSender.name': (row) => row.defaultSenderName,
  'defaultSender.address': (row) => row.defaultSenderAddress,
} as const satisfies Readonly<Record<string, Reader | 'secret'>>;

export type RecordedField = keyof typeof RECORDED_FIELDS;

/** Whether `field` is an input path history records. */
export function isRecordedField(field: string): field is RecordedField {
  return Object.hasOwn(RECORDED_FIELDS, field);
}

function secretChange(before: string | null, after: string | null): SecretChange {
  if (before === null) return 'SET';
  return after === null ? 'REMOVED' : 'CHANGED';
}

/** The changes from `before` to `after` for the fields a plan named, in its order. */
export function describeChanges(before: StoredMailSession, after: StoredMailSession, changedFields: readonly string[]): FieldChange[] {
  return changedFields.map((field) => {
    if (!isRecordedField(field)) throw new Error(`no history reader for ${field}`);
    const reader = RECORDED_FIELDS[field];
    if (reader === 'secret') {
      const password = SECRET_COLUMNS[field as keyof typeof SECRET_COLUMNS];
      return { field, secret: true, change: secretChange(password(before), password(after)) };
    }
    return { field, old: reader(before), new: reader(after) };
  });
}
