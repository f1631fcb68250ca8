import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import { describeChanges } from './mail-session-history.changes.js';
import type { FieldChange } from './field-change.type.js';
import { typedChange } from './field-change.typed.js';

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
