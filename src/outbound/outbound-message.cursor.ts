import { BadUserInputError } from '../platform/errors/domain-errors.js';
import type { PagePosition } from './outbound-message.repository.js';

const CURSOR = /^outbound:(\d{1,15}):([0-9a-f-]{36})$/;

/** Cursors are opaque to clients; inside they name a message's place: its acceptance time and id. */
export function outboundCursorOf(position: PagePosition): string {
  return Buffer.from(`outbound:${position.acceptedAt.getTime()}:${position.id}`, 'utf8').toString('base64url');
}

/** The place a cursor names; BAD_USER_INPUT on `argument` for anything `outboundCursorOf` did not make. */
export function outboundPositionOf(cursor: string, argument: 'after' | 'before'): PagePosition {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match?.[1] === undefined || match[2] === undefined) throw new BadUserInputError(`${argument} is not a cursor from outboundMessages`, { field: argument });
  return { acceptedAt: new Date(Number(match[1])), id: match[2] };
}
