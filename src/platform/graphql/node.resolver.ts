import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ROLES } from '../../config/auth-settings.js';
import { mayActAs } from '../auth/caller-roles.js';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '../errors/domain-errors.js';
import type { RequestContext } from './context.js';
import { Node, asNode, fromGlobalId, type NodeSource } from './node.js';

/**
 * Builds `Query.node` over the node types the domains register (schema.ts lists them): a new
 * node type is one more source, not a new branch here. Each source names the roles that may read
 * its type, so `node` reads nothing its type's own query would refuse.
 */
export function nodeResolver(sources: readonly NodeSource[]) {
  const byType = new Map(sources.map((source) => [source.typeName, source]));
  if (byType.size !== sources.length) throw new Error('two node sources register the same type');

  @Resolver()
  class NodeResolver {
    // Any role: which types a caller may read is decided per type below.
    @Authorized(ROLES)
    @Query(() => Node, {
      nullable: true,
      description:
        'The object with this global id (any valid token; FORBIDDEN for a type the token may not read, as its own query would refuse it). Null when no such object exists (any more) or the token may not see it; BAD_USER_INPUT when the id is not one this service issued.',
    })
    async node(
      @Arg('id', () => ID, { description: 'A global id read from a Node.id field' }) id: string,
      @Ctx() context: RequestContext,
    ): Promise<Node | null> {
      const { caller } = context;
      if (!caller) throw new UnauthenticatedError();
      const parsed = fromGlobalId(id);
      if (!parsed) throw new BadUserInputError('id is not a global id issued by this service', { field: 'id' });
      const source = byType.get(parsed.typeName);
      if (!source) throw new BadUserInputError('id is not a global id issued by this service', { field: 'id' });
      if (!mayActAs(caller, source.roles)) throw new ForbiddenError(`Reading a ${source.typeName} needs the ${source.roles.join(' or ')} role`);
      const value = await source.fetch(parsed.localId, caller);
      return value === null ? null : (asNode(source.typeName, value) as Node);
    }
  }
  return NodeResolver;
}
