import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import { SETTINGS_ID } from '../mail-settings/mail-session.row.js';
import { EMPTY_OAUTH2_COLUMNS } from '../mail-settings/mail-session.oauth2-columns.js';
import { describeChanges } from './mail-session-history.changes.js';
import type { FieldChange } from './field-change.type.js';
import { typedChange } from './field-change.typed.js';

/** The settings row as the first migration creates it: what version 1 changed from. */
export function initialRow(): StoredMailSession {
  return {
    id: SETTINGS_ID,
    version: 0,
    incomingProtocol: 'POP3',
    incomingHost: null,
    incomingPort: 110,
    incomingSecurity: 'NONE',
    incomingUser: null,
    incomingPassword: null,
    incomingDeleteAfterFetch: true,
    outgoingHost: null,
    outgoingPort: 25,
    outgoingSecurity: 'NONE',
    outgoingUser: null,
    outgoingPassword: null,
    additionalProperties: [],
    defaultSenderName: null,
    defaultSenderAddress: null,
    ...EMPTY_OAUTH2_COLUMNS,
    updatedAt: new Date(0),
    updatedBy: null,
  };
}

/**
 * The typed changes between two snapshots, for revisions written before every value (and a
 * password's kind of change) was recorded: the snapshots of two consecutive versions say the same.
 */
export function changesBetween(before: StoredMailSession, after: StoredMailSession, changedFields: readonly string[]): FieldChange[] {
  return describeChanges(before, after, changedFields).map((recorded) => {
    const change = typedChange(recorded);
    if (!change) throw new Error(`history cannot type the change of ${recorded.field}`);
    return change;
  });
}
