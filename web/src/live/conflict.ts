import { apiErrors } from '../api/errors';

/** A CONFLICT from a save or a restore: the version the page had, and the one saved since. */
export interface Conflict {
  readonly expectedVersion: number | undefined;
  readonly currentVersion: number | undefined;
}

function version(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** The conflict in an Apollo Client error, or undefined when the error is another. */
export function conflictOf(error: unknown): Conflict | undefined {
  const conflict = apiErrors(error).find((e) => e.code === 'CONFLICT');
  if (!conflict) return undefined;
  return { expectedVersion: version(conflict.extensions.expectedVersion), currentVersion: version(conflict.extensions.currentVersion) };
}
