import { Arg, Authorized, ID, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../errors/domain-errors.js';
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
        'The object with this global id (any valid token). Null when no such object exists (any more); BAD_USER_INPUT when the id is not one this service issued.',
    })
    async node(@Arg('id', () => ID, { description: 'A global id read from a Node.id field' }) id: string): Promise<Node | null> {
      const parsed = fromGlobalId(id);
      if (!parsed) throw new BadUserInputError('id is not a global id issued by this service', { field: 'id' });
      const source = byType.get(parsed.typeName);
      if (!source) throw new BadUserInputError('id is not a global id issued by this service', { field: 'id' });
      const value = await source.fetch(parsed.localId);
      return value === null ? null : (asNode(source.typeName, value) as Node);
    }
  }
  return NodeResolver;
}
