import type { GraphQLObjectType, GraphQLSchema } from 'graphql';

/** What each root type offers and who may call it, as the SDL and Sandbox show it. */
const DESCRIPTIONS: [(schema: GraphQLSchema) => GraphQLObjectType | null | undefined, string][] = [
  [
    (schema) => schema.getQueryType(),
    'Reads of the mail settings and their history (viewer or admin), and of the mail a caller sent (sender or admin); each field names its roles. Authorization: Bearer <token>',
  ],
  [(schema) => schema.getMutationType(), 'Changes to the mail settings and tests of the mail servers (admin tokens only), and sending mail (sender or admin)'],
  [
    (schema) => schema.getSubscriptionType(),
    'Live events over graphql-ws (subprotocol graphql-transport-ws) at the same path as queries (viewer or admin tokens, sent as connectionParams.authorization)',
  ],
];

/**
 * Describes the root types, which type-graphql builds itself and leaves without a description
 * (graphql-eslint's require-description asks one of every type). A description set in code wins.
 */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const [rootType, description] of DESCRIPTIONS) {
    const type = rootType(schema);
    if (type && !type.description) type.description = description;
  }
  return schema;
}
