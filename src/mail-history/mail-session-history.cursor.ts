import { BadUserInputError } from '../platform/errors/domain-errors.js';

/** Cursors are opaque to clients; inside they name a version. */
export function cursorOf(version: number): string {
  return Buffer.from(`revision:${version}`, 'utf8').toString('base64url');
}

/** The version a cursor names; BAD_USER_INPUT on `argument` for anything `cursorOf` did not make. */
export function versionOf(cursor: string, argument: 'after' | 'before'): number {
  const match = /^revision:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError(`${argument} is not a cursor from mailSessionHistory`, { field: argument });
  return Number(match[1]);
}
