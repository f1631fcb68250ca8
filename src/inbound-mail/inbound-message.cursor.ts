import { BadUserInputError } from '../platform/errors/domain-errors.js';

/** A message's place in the list: oldest first by receivedAt, then by id. */
export interface InboundPlace {
  readonly receivedAt: Date;
  readonly id: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CURSOR = new RegExp(`^inbound:(\\d{1,15}):(${UUID})$`);

/** Cursors are opaque to clients; inside they name a place. */
export function cursorOf(place: InboundPlace): string {
  return Buffer.from(`inbound:${place.receivedAt.getTime()}:${place.id}`, 'utf8').toString('base64url');
}

/** The place a cursor names; BAD_USER_INPUT on `argument` for anything `cursorOf` did not make. */
export function placeOf(cursor: string, argument: 'after' | 'before'): InboundPlace {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match?.[1] === undefined || match[2] === undefined) throw new BadUserInputError(`${argument} is not a cursor from inboundMessages`, { field: argument });
  return { receivedAt: new Date(Number(match[1])), id: match[2] };
}
