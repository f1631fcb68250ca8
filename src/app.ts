import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { PrismaPg } from '@prisma/adapter-pg';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Authentication } from './auth/authentication.js';
import { type AuthFailureLimits, type AuthToken, DEFAULT_AUTH_FAILURES, DEFAULT_HTTP_LIMITS, type HttpLimits, type OidcConfig, type SecretKey } from './config.js';
import { ChangeListener } from './database/change-listener.js';
import { migrate } from './database/migrator.js';
import { PrismaClient } from './generated/prisma/client.js';
import type { RequestContext } from './graphql/context.js';
import { AdmittingDocumentStore } from './graphql/document-store.js';
import { errorLoggingPlugin, formatError } from './graphql/error-formatting.js';
import { installLazyVisitInParallel } from './graphql/lazy-visit-in-parallel.js';
import { graphqlLimits } from './graphql/limits.js';
import { requestAdmission } from './graphql/request-admission.js';
import { buildGraphQLSchema } from './graphql/schema.js';
import { snapshotAnswerCache } from './graphql/snapshot-answer-cache.js';
import { registerHealthRoutes } from './http/health.routes.js';
import { clientErrorHandler, pathOf, requestLogSerializers } from './http/request-logs.js';
import { registerHttpSecurity } from './http/security.js';
import { serverTimeouts } from './http/timeouts.js';
import { MailCheckService, type MailCheckLimits } from './mail-check/mail-check.service.js';
import { MailSessionRepository } from './mail-session/mail-session.repository.js';
import { DEFAULT_NETWORK_SETTINGS, NetworkPolicy, type NetworkPolicySettings } from './network/network-policy.js';
import { MailSessionService } from './mail-session/mail-session.service.js';
import { MailSessionSync } from './mail-session/mail-session.sync.js';
import { MailSessionHistoryRepository } from './mail-session/mail-session-history.repository.js';
import { MailSessionHistoryService } from './mail-session/mail-session-history.service.js';
import { MailSessionPropertiesService } from './mail-session-source/mail-session-properties.service.js';
import type { MailSessionSourceConfig } from './mail-session-source/source-config.js';
import { applyMailSessionSource, loadMailSessionSource } from './mail-session-source/source-apply.js';
import { SecretBox } from './secrets/secret-box.js';
import { checkStoredSecrets } from './secrets/stored-secrets.js';
import { buildTransports } from './transport/transport-factory.js';
import { TransportManager } from './transport/transport-manager.js';

/** Everything the composition root needs; secrets already resolved (see main.ts). */
export interface AppOptions {
  databaseUrl: string;
  secretKey: SecretKey;
  authTokens: readonly AuthToken[];
  logger: Logger;
  introspection: boolean;
  landingPage: boolean;
  reconcileIntervalMs: number;
  listenerReconnectMs: number;
  shutdownTimeoutMs: number;
  /** Names this instance in logs and in pg_stat_activity. */
  instanceId?: string;
  /** Mail settings from the environment or a Liferay properties file: seeded once, or applied on every start when managed. */
  mailSessionSource?: MailSessionSourceConfig;
  /** Time and rate limits of testMailSession and sendTestEmail; defaults when left out. */
  mailCheck?: Partial<MailCheckLimits>;
  /** Older keys that still decrypt stored secrets (`secretKey` writes). */
  secretReadKeys?: readonly SecretKey[];
  /** OpenID Connect access tokens, accepted besides `authTokens`. */
  oidc?: OidcConfig;
  authFailures?: AuthFailureLimits;
  httpLimits?: HttpLimits;
  /** Addresses and CIDR networks of the reverse proxies whose X-Forwarded-For gives `request.ip`; unset: none. */
  trustProxy?: readonly string[];
  /** Where outbound mail connections (checks and live transports) may go; default: `DEFAULT_NETWORK_DENY`, no allow list. */
  networkPolicy?: NetworkPolicySettings;
}

export interface App {
  readonly http: FastifyInstance;
  readonly transports: TransportManager;
  readonly mailSession: MailSessionService;
  readonly sync: MailSessionSync;
  readonly listener: ChangeListener;
  readonly instanceId: string;
  /** Stops taking requests, lets those and sends in flight finish, closes every connection. */
  close(): Promise<void>;
}

/**
 * The composition root: migrates the database, then builds the Prisma client, transports,
 * services, GraphQL schema and HTTP server by hand. No global state, so tests build the same
 * app against their own database. The HTTP server is ready but not listening.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  const log = options.logger.child({ instance: instanceId });
  // A bad mail settings source stops start-up before anything is written.
  const mailSource = options.mailSessionSource && (await loadMailSessionSource(options.mailSessionSource));
  await migrate(options.databaseUrl, { log: (message) => log.info(message) });

  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: options.databaseUrl, application_name: `mail-session-${instanceId}` }) });
  const secrets = new SecretBox(options.secretKey, options.secretReadKeys);
  const httpLimits = options.httpLimits ?? DEFAULT_HTTP_LIMITS;
  const repository = new MailSessionRepository(prisma);
  // One policy for every outbound connection the service makes.
  const network = new NetworkPolicy(options.networkPolicy ?? DEFAULT_NETWORK_SETTINGS);
  const transports = new TransportManager(log);
  const sync = new MailSessionSync({
    repository,
    transports,
    build: (row) => buildTransports(row, secrets, log, network),
    log,
    reconcileIntervalMs: options.reconcileIntervalMs,
  });
  const listener = new ChangeListener({
    databaseUrl: options.databaseUrl,
    applicationName: `mail-session-listener-${instanceId}`,
    reconnectMs: options.listenerReconnectMs,
    log,
    onChange: (version) => sync.onChange(version),
    onConnect: () => void sync.requestReload('change listener connected'),
  });
  const mailSession = new MailSessionService(repository, sync, transports, secrets, mailSource?.managed ? mailSource.kind : 'DATABASE');
  const mailSessionHistory = new MailSessionHistoryService(new MailSessionHistoryRepository(prisma), mailSession);
  const mailSessionProperties = new MailSessionPropertiesService(mailSession, sync, secrets);
  const mailCheck = new MailCheckService(repository, secrets, transports, log, network, options.mailCheck);
  const authentication = new Authentication({ tokens: options.authTokens, oidc: options.oidc, failures: options.authFailures ?? DEFAULT_AUTH_FAILURES, log });

  try {
    // Stored secrets that no configured key decrypts stop start-up here, with a clear message.
    await checkStoredSecrets(prisma, secrets);
    if (mailSource) await applyMailSessionSource(mailSource, { repository, secrets, log, warningsFor: (row) => mailSession.warningsFor(row) });
    await listener.start();
    await sync.start();
  } catch (error) {
    await listener.stop();
    sync.stop();
    await prisma.$disconnect();
    throw error;
  }

  // Fastify's own `req` serializer writes the URL with its query string; ours, the path only.
  // Typed as Fastify's base logger so that the instance's type does not carry pino's.
  const httpLog: FastifyBaseLogger = log.child({}, { serializers: requestLogSerializers });
  const http = Fastify({
    loggerInstance: httpLog,
    clientErrorHandler,
    ...serverTimeouts(httpLimits),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: httpLimits.bodyLimitBytes,
    // The failure limiter counts per request.ip: behind a listed proxy, the client's address from X-Forwarded-For.
    trustProxy: options.trustProxy === undefined ? false : [...options.trustProxy],
    // Fastify logs two info lines per request; under load that was a visible share of the read
    // path. One line per request at debug instead; errors are logged at error whatever the level.
    logController: new Fastify.LogController({ disableRequestLogging: true }),
  });
  // Hooks run on every request: synchronous ones where nothing is awaited, and none that would
  // only produce a log line the level drops.
  if (log.isLevelEnabled('debug')) {
    http.addHook('onResponse', (request, reply, done) => {
      request.log.debug({ method: request.method, path: pathOf(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
      done();
    });
  }
  http.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  await registerHttpSecurity(http, { corsOrigins: httpLimits.corsOrigins, landingPage: options.landingPage });
  const limits = graphqlLimits(httpLimits);
  // New query texts are validated 3x faster (see the function); process-wide and idempotent.
  if (!installLazyVisitInParallel()) log.warn('graphql-js is not version 16: validation keeps its own visitor merge');
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildGraphQLSchema({ mailSession, mailCheck, mailSessionHistory, mailSessionProperties }),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // Parsed and validated operations, kept from a text's second request on (see the class).
    // Apollo's default, a 30 MiB LRU of every text, let distinct-text floods churn the heap.
    documentStore: new AdmittingDocumentStore(),
    hideSchemaDetailsFromClientErrors: httpLimits.hideSchemaDetails,
    // Apollo's automatic persisted queries kept any text a client registered; every client here
    // sends its operations in full.
    persistedQueries: false,
    // Apollo Server's defaults, stated so that a change of default cannot turn them off.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError,
    plugins: [
      fastifyApolloDrainPlugin(http),
      errorLoggingPlugin,
      ...limits.plugins,
      // The settings query reads only the in-memory view, which is a new object after every change.
      snapshotAnswerCache({ rootFields: new Set(['mailSession']), snapshot: () => mailSession.get() }),
      // Cache hints are for GET-cacheable public APIs; every request here is authenticated.
      // Left on, Apollo instruments every field of every response to collect hints for nothing.
      ApolloServerPluginCacheControlDisabled(),
      options.landingPage ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  await http.register(fastifyApollo(apollo), {
    // Refuses the anonymous and over-long texts before Apollo parses, validates or stores anything.
    context: requestAdmission({
      authenticate: (authorization, address) => authentication.authenticate(authorization, address),
      maxQueryBytes: httpLimits.maxQueryBytes,
    }),
  });
  registerHealthRoutes(http, [
    {
      name: 'database',
      check: () => prisma.$queryRaw`SELECT 1`.then(() => true),
    },
    { name: 'migrations', check: () => true },
    { name: 'changeListener', check: () => listener.connected },
  ]);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await http.close();
      await transports.close(options.shutdownTimeoutMs);
      sync.stop();
      await listener.stop();
      await prisma.$disconnect();
    })());

  return { http, transports, mailSession, sync, listener, instanceId, close };
}
