import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { HttpLimits } from '../../config/http-settings.js';
import type { RequestContext } from './context.js';
import { AdmittingDocumentStore } from './document-store.js';
import { errorLoggingPlugin, formatError } from './error-formatting.js';
import { installLazyVisitInParallel } from './lazy-visit-in-parallel.js';
import { graphqlLimits } from './limits.js';
import { snapshotAnswerCache } from './snapshot-answer-cache.js';

export interface ApolloOptions {
  schema: GraphQLSchema;
  /** The server Apollo drains on close. */
  http: FastifyInstance;
  log: Logger;
  httpLimits: HttpLimits;
  introspection: boolean;
  landingPage: boolean;
  /** The in-memory settings view the `mailSession` answer cache is keyed on. */
  snapshot: () => object;
  /** Further plugins (metrics), after the service's own. */
  plugins?: readonly ApolloServerPlugin<RequestContext>[];
}

/** Apollo Server with the service's limits, error masking, document store, plugins and landing page; not started. */
export function createApolloServer(options: ApolloOptions): ApolloServer<RequestContext> {
  const { http, log, httpLimits } = options;
  const limits = graphqlLimits(httpLimits);
  // New query texts are validated 3x faster (see the function); process-wide and idempotent.
  if (!installLazyVisitInParallel())
    log.warn('graphql-js visitInParallel not replaced (not graphql 16, or its files changed): validation keeps its own visitor merge');
  return new ApolloServer<RequestContext>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // Parsed and validated operations, kept from a text's second request on (see the class).
    // Apollo's default, a 30 MiB LRU of every text, let distinct-text floods churn the heap.
    documentStore: new AdmittingDocumentStore(),
    hideSchemaDetailsFromClientErrors: httpLimits.hideSchemaDetails,
    // Apollo's automatic persisted queries kept any text a client registered; every client here
    // sends its operations in full.
    persistedQueries: false,
    // The process stops on signals in one order (src/platform/lifecycle); Apollo's own handlers
    // would stop it out of turn and re-send the signal.
    stopOnTerminationSignals: false,
    // Apollo Server's default, stated so that a change of default cannot turn it on.
    allowBatchedHttpRequests: false,
    // Off, deliberately. Apollo's CSRF prevention refuses a GET without a content type, which is
    // how urql (and any client using GET for queries) sends every query. What it guards against is
    // a browser sending a credential cross-site without a preflight; this API takes credentials
    // only from the Authorization header, which no cross-site "simple" request can carry (it forces
    // a preflight, which CORS answers for allowlisted origins only), and no cookie is ever read. So
    // a simple request arrives anonymous and is refused before its operation is parsed (401, not
    // counted as a failed login). Nor could one change anything: a POST is read as GraphQL only
    // with `application/json` (a form or `text/plain` body is refused), and Apollo refuses a
    // mutation over GET (405). A GET's query string (its variables too) is never logged: the
    // request logs write the path only. test/hardening/cross-site-requests.test.ts holds all this.
    // A proxy that turned a browser cookie into an Authorization header would bring CSRF back.
    csrfPrevention: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError,
    plugins: [
      fastifyApolloDrainPlugin(http),
      errorLoggingPlugin,
      ...limits.plugins,
      // The settings query reads only the in-memory view, which is a new object after every change.
      snapshotAnswerCache({ rootFields: new Set(['mailSession']), snapshot: options.snapshot }),
      // Cache hints are for GET-cacheable public APIs; every request here is authenticated.
      // Left on, Apollo instruments every field of every response to collect hints for nothing.
      ApolloServerPluginCacheControlDisabled(),
      options.landingPage ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
      ...(options.plugins ?? []),
    ],
  });
}
