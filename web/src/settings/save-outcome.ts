import { apiErrors, describeError, type ApiError } from '../api/errors';
import type { ConfigWarningCode } from '../generated/graphql';

/** What the last Save came to, as the page shows it. */
export type SaveOutcome =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'saved';
      readonly version: number;
      readonly unchanged: boolean;
      readonly warnings: readonly { code: ConfigWarningCode; field: readonly string[]; message: string }[];
    }
  | { readonly kind: 'refused'; readonly errors: readonly ApiError[]; readonly summary: string }
  | { readonly kind: 'conflict'; readonly currentVersion: number | undefined; readonly summary: string }
  | { readonly kind: 'failed'; readonly summary: string };

/** A failed save: refused input (BAD_USER_INPUT, on its fields), a newer version (CONFLICT), or anything else. */
export function failedSave(error: unknown): SaveOutcome {
  const errors = apiErrors(error);
  const conflict = errors.find((e) => e.code === 'CONFLICT');
  if (conflict) {
    const current = conflict.extensions.currentVersion;
    return { kind: 'conflict', currentVersion: typeof current === 'number' ? current : undefined, summary: conflict.message };
  }
  if (errors.some((e) => e.code === 'BAD_USER_INPUT')) {
    const count = errors.reduce((sum, e) => sum + (Array.isArray(e.extensions.problems) ? e.extensions.problems.length : 1), 0);
    return {
      kind: 'refused',
      errors,
      summary: `Not saved: ${count === 1 ? 'one field needs' : `${count} fields need`} a change (marked below). Nothing you typed was lost.`,
    };
  }
  return { kind: 'failed', summary: `Not saved: ${describeError(error)}. Nothing you typed was lost.` };
}
