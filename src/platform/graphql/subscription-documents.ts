import {
  type DocumentNode,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { HttpLimits } from '../../config/http-settings.js';
import { ErrorCode } from '../errors/domain-errors.js';
import { graphqlLimits } from './limits.js';

/** A subscribe message's operation, parsed and validated: what graphql-js `subscribe` takes but the context. */
export interface SubscriptionOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variableValues: Record<string, unknown> | null | undefined;
}

function requestError(message: string, code: ErrorCode): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** Apollo Server's hideSchemaDetailsFromClientErrors does the same to HTTP errors. */
function withoutSuggestions(error: GraphQLError): GraphQLError {
  const message = error.message.replace(/ ?Did you mean(.+)\?$/, '');
  return message === error.message ? error : new GraphQLError(message, { nodes: error.nodes, extensions: error.extensions });
}

/**
 * Reads the operations of subscribe messages with the limits HTTP requests have: the query text
 * length (bytes), graphql-js's token limit, graphql-armor's depth, cost, alias and directive
 * rules, and no field suggestions when schema details are hidden. Only subscriptions: queries and
 * mutations go over HTTP, where answer caches, CSRF prevention and error statuses apply.
 */
export function subscriptionDocuments(schema: GraphQLSchema, httpLimits: HttpLimits): (payload: SubscribePayload) => SubscriptionOperation | GraphQLError[] {
  const limits = graphqlLimits(httpLimits);
  const rules: readonly ValidationRule[] = [...specifiedRules, ...limits.validationRules];
  return (payload) => {
    const { query } = payload;
    if (query.length > httpLimits.maxQueryBytes || Buffer.byteLength(query, 'utf8') > httpLimits.maxQueryBytes)
      return [requestError('The query text is too long', ErrorCode.BAD_REQUEST)];
    let document: DocumentNode;
    try {
      document = parse(query, limits.parseOptions);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const message = /^Syntax Error: Document contains more tha[nt] \d+ tokens\./.test(error.message)
        ? 'Syntax Error: Document contains too many tokens.'
        : error.message;
      return [new GraphQLError(message, { nodes: error.nodes, extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } })];
    }
    let errors: readonly GraphQLError[];
    try {
      errors = validate(schema, document, rules);
    } catch (error) {
      // graphql-js 16's SingleFieldSubscriptionsRule throws (instead of reporting) on a root field
      // with `@include`/`@skip` on a variable: it collects the fields without variable values.
      if (!(error instanceof GraphQLError)) throw error;
      errors = [error];
    }
    if (errors.length > 0) {
      return errors.map((error) => {
        const coded = new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: ErrorCode.GRAPHQL_VALIDATION_FAILED } });
        return httpLimits.hideSchemaDetails ? withoutSuggestions(coded) : coded;
      });
    }
    const operation = getOperationAST(document, payload.operationName);
    if (!operation)
      return [requestError('The document names no operation to run, or several without an operationName', ErrorCode.OPERATION_RESOLUTION_FAILURE)];
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION)
      return [
        requestError(`Only subscriptions are served over WebSocket; send a ${operation.operation} over HTTP (GET or POST /graphql)`, ErrorCode.BAD_REQUEST),
      ];
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  };
}
