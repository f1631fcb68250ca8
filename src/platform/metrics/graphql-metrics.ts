import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { Counter, Histogram, type Registry } from 'prom-client';
import { ErrorCode } from '../errors/domain-errors.js';
import { OTHER, operationLabel, outcomeLabel } from './operation-label.js';

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** From a cached settings read (milliseconds) to a whole connection test (up to 30 s by default). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function rootFields(schema: GraphQLSchema): Set<string> {
  return new Set([...Object.keys(schema.getQueryType()?.getFields() ?? {}), ...Object.keys(schema.getMutationType()?.getFields() ?? {})]);
}

function codeOf(error: Error): string {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return typeof code === 'string' && CODES.has(code) ? code : OTHER;
}

/**
 * An Apollo Server plugin that counts GraphQL requests by operation (the root field, see
 * operationLabel) and outcome, and times them. Requests refused before Apollo parses them (no
 * token, a query text too long, a malformed request) are counted with operation `other`.
 */
export function graphqlMetricsPlugin(registry: Registry): ApolloServerPlugin {
  const requests = new Counter({
    name: 'mail_session_graphql_requests_total',
    help: 'GraphQL requests, by root field (operation) and outcome: ok, or the extensions.code of the first error',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mail_session_graphql_request_duration_seconds',
    help: 'Time from the start of a GraphQL request to its response, by root field (operation) and outcome (ok or error)',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  let known: ReadonlySet<string> = new Set();
  const refused = (error: Error) => requests.inc({ operation: OTHER, outcome: codeOf(error) });
  return {
    async serverWillStart({ schema }) {
      known = rootFields(schema);
    },
    async contextCreationDidFail({ error }) {
      refused(error);
    },
    async invalidRequestWasReceived({ error }) {
      refused(error);
    },
    async requestDidStart() {
      const stop = duration.startTimer();
      return {
        async willSendResponse({ document, operation, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const labels = { operation: operationLabel(document, operation, known), outcome: outcomeLabel(errors, CODES) };
          requests.inc(labels);
          stop({ operation: labels.operation, outcome: labels.outcome === 'ok' ? 'ok' : 'error' });
        },
      };
    },
  };
}
