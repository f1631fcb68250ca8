import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { assertRole } from '../auth/auth-checker.js';
import { BadUserInputError } from '../errors/domain-errors.js';
import type { RequestContext } from './context.js';
import { Node, asNode, fromGlobalId, type NodeSource } from './node.js';

/**
 * Builds `Query.node` over the node types the domains register (schema.ts lists them): a new
 * node type is one more source, not a new branch here.
 */
export function nodeResolver(sources: readonly NodeSource[]) {
  const byType = new Map(sources.map((source) => [source.typeName, source]));
  if (byType.size !== sources.length) throw new Error('two node sources register the same type');

  @Resolver()
  class NodeResolver {
    @Authorized()
    @Query(() => Node, {
      nullable: true,
      description:
        'The object with this global id (any valid token; an InboundMessage only with a receiver or admin token, else FORBIDDEN). Null when no such object exists (any more); BAD_USER_INPUT when the id is not one this service issued.',
    })
    async node(
      @Arg('id', () => ID, { description: 'A global id read from a Node.id field' }) id: string,
      @Ctx() context: RequestContext,
    ): Promise<Node | null> {
      const parsed = fromGlobalId(id);
      if (!parsed) throw new BadUserInputError('id is not a global id issued by this service', { field: 'id' });
      const source = byType.get(parsed.typeName);
      if (!source) throw new BadUserInputError('id is not a global id issued by this service', { field: 'id' });
      if (source.roles) assertRole(context.caller, source.roles);
      const value = await source.fetch(parsed.localId);
      return value === null ? null : (asNode(source.typeName, value) as Node);
    }
  }
  return NodeResolver;
}
