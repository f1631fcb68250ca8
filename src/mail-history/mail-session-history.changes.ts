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

/** The password columns, by input path: read only to tell SET, CHANGED and REMOVED apart. */
const SECRET_COLUMNS = {
  'incoming.password': (row: StoredMailSession) => row.incomingPassword,
  'outgoing.password': (row: StoredMailSession) => row.outgoingPassword,
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
  'outgoing.host': (row) => row.outgoingHost,
  'outgoing.port': (row) => row.outgoingPort,
  'outgoing.security': (row) => row.outgoingSecurity,
  'outgoing.user': (row) => row.outgoingUser,
  'outgoing.password': 'secret',
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
