import { storedProperties } from '../mail-settings/mail-session.row.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';

/** A value as history records it: what the API shows for that field. */
export type RecordedValue = string | number | boolean | null | { key: string; value: string }[];

/**
 * One changed field with its value before and after. For a password, `secret` is true and both
 * values are left out: only that it changed (set, replaced or removed) is recorded.
 */
export type FieldChange = { field: string; old: RecordedValue; new: RecordedValue; secret?: false } | { field: string; secret: true };

type Reader = (row: StoredMailSession) => RecordedValue;

/** Every input path a change can name, and how to read its value from a row. */
export const RECORDED_FIELDS: Readonly<Record<string, Reader | 'secret'>> = {
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
};

/** The changes from `before` to `after` for the fields a plan named, in its order. */
export function describeChanges(before: StoredMailSession, after: StoredMailSession, changedFields: readonly string[]): FieldChange[] {
  return changedFields.map((field) => {
    const reader = Object.hasOwn(RECORDED_FIELDS, field) ? RECORDED_FIELDS[field] : undefined;
    if (reader === undefined) throw new Error(`no history reader for ${field}`);
    if (reader === 'secret') return { field, secret: true };
    return { field, old: reader(before), new: reader(after) };
  });
}
