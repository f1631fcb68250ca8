import { Field, ID, InterfaceType } from 'type-graphql';
import type { Role } from '../../config/auth-settings.js';
import type { Caller } from '../auth/token-authenticator.js';

/** Where the node resolver reads the GraphQL type of an object it fetched (see `asNode`). */
const NODE_TYPE = Symbol('node type');

/**
 * Relay's Node: every object with an identity. Its `id` is global (unique across types) and
 * opaque: a client compares and stores it, never parses it.
 */
@InterfaceType('Node', {
  description: 'An object with a global identity: its id is unique across all types, stable across versions, and can be fetched back with Query.node',
  resolveType: (value: { [NODE_TYPE]?: string }) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, { description: 'Global, opaque identifier: store and compare it, never parse it. Query.node fetches the object back by it.' })
  id!: string;
}

const GLOBAL_ID = /^([A-Za-z][A-Za-z0-9]{0,63}):([A-Za-z0-9_-]{1,64})$/;

/** The global id of the object `localId` of `typeName`: base64url of `TypeName:localId`. */
export function toGlobalId(typeName: string, localId: string | number): string {
  return Buffer.from(`${typeName}:${localId}`, 'utf8').toString('base64url');
}

/** The type name and local id inside a global id; null for anything `toGlobalId` did not make. */
export function fromGlobalId(id: string): { typeName: string; localId: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  // Round-tripping refuses ids with padding, trailing bits or other spellings of the same bytes.
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== id) return null;
  const match = GLOBAL_ID.exec(decoded);
  return match?.[1] === undefined || match[2] === undefined ? null : { typeName: match[1], localId: match[2] };
}

/** How one domain fetches its node type by local id (null when there is no such object, or none `caller` may see). */
export interface NodeSource {
  readonly typeName: string;
  /** The roles that may read this type (admin always may), as its own query declares them. */
  readonly roles: readonly Role[];
  fetch(localId: string, caller: Caller): Promise<object | null> | object | null;
}

/** Tags an object with its GraphQL type so that the Node interface can resolve it. */
export function asNode<T extends object>(typeName: string, value: T): T {
  return { ...value, [NODE_TYPE]: typeName };
}
