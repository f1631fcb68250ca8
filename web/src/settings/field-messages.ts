import type { ApiError } from '../api/errors';

/** Messages shown next to one field. */
export interface FieldMessages {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** Messages by field key (`outgoing.port`, `additionalProperties.2.value`); `''` holds those of the input as a whole. */
export type MessagesByField = ReadonlyMap<string, FieldMessages>;

export const NO_MESSAGES: FieldMessages = { errors: [], warnings: [] };

/**
 * The key of an API input path: `["outgoing","port"]` from `updateMailSession`, or the same under
 * `settings` from `testMailSession`, is `outgoing.port`; a list index stays (`additionalProperties.2.key`).
 */
export function fieldKey(path: readonly (string | number)[]): string {
  const parts = path.map(String);
  while (parts[0] === 'input' || parts[0] === 'settings') parts.shift();
  return parts.join('.');
}

function add(map: Map<string, { errors: string[]; warnings: string[] }>, key: string, kind: 'errors' | 'warnings', message: string) {
  const entry = map.get(key) ?? { errors: [], warnings: [] };
  if (!entry[kind].includes(message)) entry[kind].push(message);
  map.set(key, entry);
}

interface Problem {
  readonly field: readonly (string | number)[];
  readonly message: string;
}

function problemsOf(error: ApiError): Problem[] {
  const listed = error.extensions.problems;
  if (Array.isArray(listed)) {
    const problems = listed.filter(
      (p): p is Problem => typeof p === 'object' && p !== null && Array.isArray((p as Problem).field) && typeof (p as Problem).message === 'string',
    );
    if (problems.length > 0) return problems;
  }
  return [{ field: error.field ?? [], message: error.message }];
}

/** The server's warnings (saved anyway) and refusals (nothing saved), each on the field its path names. */
export function messagesByField(warnings: readonly { field: readonly string[]; message: string }[], errors: readonly ApiError[]): MessagesByField {
  const map = new Map<string, { errors: string[]; warnings: string[] }>();
  for (const warning of warnings) add(map, fieldKey(warning.field), 'warnings', warning.message);
  for (const error of errors) {
    if (error.code !== 'BAD_USER_INPUT') continue;
    for (const problem of problemsOf(error)) add(map, fieldKey(problem.field), 'errors', problem.message);
  }
  return map;
}

/** Messages of `key`, and of every field under it for a key that names a group (a list row's key and value). */
export function messagesOf(map: MessagesByField, key: string): FieldMessages {
  return map.get(key) ?? NO_MESSAGES;
}
