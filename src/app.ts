import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import fastifyApollo from '@as-integrations/fastify';
import { PrismaPg } from '@prisma/adapter-pg';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { Authentication } from './platform/auth/authentication.js';
import { type AuthFailureLimits, type AuthToken, DEFAULT_AUTH_FAILURES, type OidcConfig } from './config/auth-settings.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './config/http-settings.js';
import type { Config } from './config/env.js';
import type { MetricsSettings } from './config/metrics-settings.js';
import { type SecretKey } from './config/secret-keys.js';
import { ChangeListener } from './platform/database/change-listener.js';
import { migrationsApplied } from './platform/database/migration-status.js';
import { migrate } from './platform/database/migrator.js';
import { PrismaClient } from './generated/prisma/client.js';
import { requestAdmission } from './platform/graphql/request-admission.js';
import { createApolloServer } from './platform/graphql/apollo-server.js';
import { buildGraphQLSchema } from './platform/graphql/schema.js';
import { type AdminConsoleOptions, registerAdminConsole } from './platform/http/admin-console.routes.js';
import { registerHealthRoutes } from './platform/http/health.routes.js';
import { createHttpServer } from './platform/http/http-server.js';
import { registerHttpSecurity } from './platform/http/security.js';
import { registerGraphQLErrorResponses } from './platform/http/graphql-error-responses.js';
import { MailCheckService, type MailCheckLimits } from './mail-check/mail-check.service.js';
import { MailSessionRepository } from './mail-settings/mail-session.repository.js';
import { DEFAULT_NETWORK_SETTINGS, NetworkPolicy, type NetworkPolicySettings } from './platform/network/network-policy.js';
import { MailSessionService, type TokenStatusOf } from './mail-settings/mail-session.service.js';
import { MailSessionSync } from './mail-settings/mail-session.sync.js';
import { TokenStatusEvents } from './mail-settings/mail-session.token-events.js';
import { MailSessionChanges } from './mail-settings/mail-session.changes.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from './config/subscription-settings.js';
import { registerSubscriptionServer, type SubscriptionServer } from './platform/graphql/subscription-server.js';
import { MailSessionHistoryRepository } from './mail-history/mail-session-history.repository.js';
import { MailSessionHistoryService } from './mail-history/mail-session-history.service.js';
import { MailSessionPropertiesService } from './liferay/liferay-properties.service.js';
import type { MailSessionSourceConfig } from './config/mail-source.js';
import { applyMailSessionSource, loadMailSessionSource } from './settings-source/source-apply.js';
import { SecretBox } from './platform/secrets/secret-box.js';
import { checkStoredSecrets } from './secret-rotation/stored-secrets.js';
import { tlsTrust } from './transport/tls-trust.js';
import { createTokenCaches, type TokenCaches } from './oauth2/token-caches.js';
import { buildTransports } from './transport/transport-factory.js';
import { liveOAuth2Sources, oauth2Sources } from './transport/oauth2-sources.js';
import { liveTokenStatus } from './transport/live-token-status.js';
import { TransportManager } from './transport/transport-manager.js';
import { createServiceMetrics } from './platform/metrics/service-metrics.js';
import type { MetricsServer } from './platform/metrics/metrics-server.js';
import { DEFAULT_OUTBOUND_LIMITS, type OutboundLimits } from './config/outbound-limits.js';
import { OutboundMessageRepository } from './outbound/outbound-message.repository.js';
import { OutboundMessageService } from './outbound/outbound-message.service.js';
import type { OutboundQueue } from './outbound/outbound-queue.js';
import { OutboundRetention } from './outbound/outbound-retention.js';
import { DEFAULT_INBOUND_SETTINGS, type InboundSettings } from './config/inbound-settings.js';
import { INBOUND_STORED_CHANNEL, InboundMail, type InboundMailOptions } from './inbound-mail/inbound-mail.js';
import { DEFAULT_OUTBOUND_SETTINGS, type OutboundSettings } from './config/outbound-settings.js';
import { JobQueue } from './platform/queue/job-queue.js';
import { OUTBOUND_DUE_CHANNEL, OutboundDelivery } from './outbound/outbound-delivery.js';
import { DEFAULT_INBOUND_READER_SETTINGS, type InboundReaderSettings } from './config/inbound-reader-settings.js';
import { InboundPoller } from './inbound/inbound-poller.js';
import { FetchedMessageRepository } from './inbound/fetched-message.repository.js';
import { InboundPollerRepository } from './inbound/inbound-poller.repository.js';

/** The settings of `Config` the app takes as loadConfig returns them (main.ts resolves the database, key and tokens). */
const APP_SETTINGS = [
  'introspection',
  'landingPage',
  'reconcileIntervalMs',
  'listenerReconnectMs',
  'shutdownTimeoutMs',
  'mailSessionSource',
  'secretReadKeys',
  'oidc',
  'authFailures',
  'httpLimits',
  'subscriptionLimits',
  'trustProxy',
  'networkPolicy',
  'metrics',
  'mailTlsCa',
  'outboundLimits',
  'inbound',
  'outbound',
  'inboundReader',
] as const satisfies readonly (keyof Config & keyof AppOptions)[];

export type AppSettings = Pick<Config, (typeof APP_SETTINGS)[number]>;

/** The part of `config` that buildApp takes unchanged. */
export function appSettings(config: Config): AppSettings {
  return Object.fromEntries(APP_SETTINGS.map((key) => [key, config[key]])) as unknown as AppSettings;
}

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
  /** Caps, timeouts and buffers of the subscription sockets; defaults when left out. */
  subscriptionLimits?: SubscriptionLimits;
  /** Addresses and CIDR networks of the reverse proxies whose X-Forwarded-For gives `request.ip`; unset: none. */
  trustProxy?: readonly string[];
  /** Where outbound mail connections (checks and live transports) may go; default: `DEFAULT_NETWORK_DENY`, no allow list. */
  networkPolicy?: NetworkPolicySettings;
  /** Where to serve Prometheus metrics; unset: no metrics are collected or served. */
  metrics?: MetricsSettings;
  /** CA certificates (PEM) trusted for every mail connection besides the system store (`MAIL_TLS_CA_FILE`). */
  mailTlsCa?: readonly string[] | undefined;
  /**
   * The OAuth 2.0 token status each server shows (`oauth2.token`); default: the live transport's
   * token cache (NONE for a password server). Tests may pass their own.
   */
  tokenStatus?: TokenStatusOf;
  /** What sendEmail accepts and how long outbound mail is kept; defaults when left out. */
  outboundLimits?: OutboundLimits;
  /**
   * Where sendEmail writes each message's delivery job, in the message's transaction. Left out:
   * the delivery queue of this instance (pg-boss); tests may pass a queue of their own.
   */
  outboundQueue?: OutboundQueue;
  /** How often this instance runs the outbound retention sweep (default hourly; the first runs at start). */
  outboundRetentionSweepMs?: number;
  /** Retention of stored inbound messages' raw sources and the webhook push (issue 17); default: 7 days, no webhook. */
  inbound?: InboundSettings;
  /** Tests shorten the inbound sweeps and job polling; defaults otherwise. */
  inboundTiming?: Pick<InboundMailOptions, 'retentionSweepMs' | 'outboxSweepMs' | 'jobPollMs'>;
  /** How this instance delivers application mail (`OUTBOUND_*`); defaults when left out. */
  outbound?: OutboundSettings;
  /**
   * The incoming mail reader (issue 17): one instance of the deployment reads the incoming
   * mailbox into `inbound_message`. Default: `DEFAULT_INBOUND_READER_SETTINGS`; `false`: this
   * instance never reads (tests that use a mailbox for something else).
   */
  inboundReader?: InboundReaderSettings | false;
  /** Serve the admin console at /admin (`ADMIN_CONSOLE`, default on in main.ts); unset: not served. */
  adminConsole?: AdminConsoleOptions;
}

export interface App {
  readonly http: FastifyInstance;
  readonly transports: TransportManager;
  readonly mailSession: MailSessionService;
  readonly sync: MailSessionSync;
  readonly listener: ChangeListener;
  /** The `mailSessionChanged` WebSocket server at `/graphql`. */
  readonly subscriptions: SubscriptionServer;
  /** The `mailSessionChanged` feed of this instance. */
  readonly mailSessionChanges: MailSessionChanges;
  readonly instanceId: string;
  /** Where the Prometheus metrics are served, when they are (`metrics` option). */
  readonly metricsUrl: string | undefined;
  /** The OAuth 2.0 token caches of this instance, one per client configuration (issue 15; the transports take theirs from here). */
  readonly tokenCaches: TokenCaches;
  /** sendEmail and the outbound messages (issue 16). */
  readonly outboundMessages: OutboundMessageService;
  /** The periodic retention sweep of outbound mail on this instance. */
  readonly outboundRetention: OutboundRetention;
  /** Stored inbound messages: GraphQL service, subscription feed, retention sweep, webhook (issue 17). */
  readonly inboundMail: InboundMail;
  /** The service's job queue (pg-boss, schema `pgboss`): outbound delivery's, and any other domain's. */
  readonly jobs: JobQueue;
  /** Where accepted application mail gets its delivery job, inside the accepting transaction (issue 16). */
  readonly outboundQueue: OutboundQueue;
  /** This instance's delivery of application mail (the worker). */
  readonly outboundDelivery: OutboundDelivery;
  /** The incoming mail reader of this instance (reads only while it holds the lock); undefined with `inboundReader: false`. */
  readonly inbound: InboundPoller | undefined;
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
  const migrations = await migrate(options.databaseUrl, { log: (message) => log.info(message) });
  const shippedMigrations = [...migrations.alreadyApplied, ...migrations.applied];

  // One pool for Prisma and for the few hot statements run on pg directly (sendEmail's insert):
  // Prisma's raw query path costs more CPU than the statement. $disconnect ends it.
  const pool = new Pool({ connectionString: options.databaseUrl, application_name: `mail-session-${instanceId}` });
  // From $disconnect on, the pool's end does not wait for each connection's goodbye: an embedded
  // PostgreSQL stopped right after terminates the last ones, which is no failure worth a warning.
  let disconnecting = false;
  pool.on('error', (error) => {
    if (disconnecting) log.debug({ err: error }, 'a database connection ended while disconnecting');
    else log.warn({ err: error }, 'an idle database connection failed');
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  const disconnect = async () => {
    disconnecting = true;
    await prisma.$disconnect();
  };
  const secrets = new SecretBox(options.secretKey, options.secretReadKeys);
  const httpLimits = options.httpLimits ?? DEFAULT_HTTP_LIMITS;
  const repository = new MailSessionRepository(prisma);
  // One policy for every outbound connection the service makes.
  const network = new NetworkPolicy(options.networkPolicy ?? DEFAULT_NETWORK_SETTINGS);
  const trust = tlsTrust(options.mailTlsCa);
  const tokenCaches = createTokenCaches(network, trust, log);
  // A live sign-in that starts failing or succeeds again is told to subscribers (tokenEvents, below).
  const outboundSettings = options.outbound ?? DEFAULT_OUTBOUND_SETTINGS;
  // As many SMTP connections as sends of application mail go at once (and never fewer than nodemailer's 5).
  const transports = new TransportManager(log, () => tokenEvents.settled(), Math.max(5, outboundSettings.concurrency));
  const subscriptionLimits = options.subscriptionLimits ?? DEFAULT_SUBSCRIPTION_LIMITS;
  const metrics =
    options.metrics &&
    createServiceMetrics({
      instanceId,
      transports: () => transports.transportStatus(),
      listenerConnected: () => listener.connected,
      // Read at a scrape: the metrics listener starts last, once `subscriptions` exists.
      subscriptionSockets: () => subscriptions.open,
      outboundBacklog: () => outboundDelivery.backlog(),
    });
  const sync = new MailSessionSync({
    repository,
    transports,
    // OAuth 2.0 servers take their token cache from the instance's caches; replaced configurations' caches are forgotten.
    build: (row) => buildTransports(row, secrets, log, network, trust, liveOAuth2Sources(row, secrets, tokenCaches, { network, trust })),
    log,
    reconcileIntervalMs: options.reconcileIntervalMs,
  });
  const listener = new ChangeListener({
    databaseUrl: options.databaseUrl,
    applicationName: `mail-session-listener-${instanceId}`,
    reconnectMs: options.listenerReconnectMs,
    log,
    onChange: (version) => sync.onChange(version),
    onConnect: () => {
      metrics?.listenerConnected();
      void sync.requestReload('change listener connected');
      // Announcements may have been missed while disconnected: look for due mail now.
      outboundDelivery.poke();
    },
    channels: {
      // Each inbound message any instance stored: this instance's subscribers and webhook outbox.
      [INBOUND_STORED_CHANNEL]: (id) => inboundMail.stored(id),
      // A message due at once, accepted or put back on any instance: an idle worker takes it now.
      [OUTBOUND_DUE_CHANNEL]: () => outboundDelivery.poke(),
    },
  });
  const tokenStatus: TokenStatusOf = options.tokenStatus ?? ((side) => liveTokenStatus(transports, side));
  const inbound =
    options.inboundReader === false
      ? undefined
      : new InboundPoller({
          databaseUrl: options.databaseUrl,
          instanceId,
          settings: options.inboundReader ?? DEFAULT_INBOUND_READER_SETTINGS,
          network,
          log,
          transports,
          messages: new FetchedMessageRepository(prisma, pool),
          records: new InboundPollerRepository(prisma),
          // Built next to this file (dist/); absent when run from the TypeScript sources (tests): parsing stays on the main thread.
          parseWorkerScript: path.join(__dirname, 'inbound', 'parse-worker.js'),
          // A core for the main thread (fetching, storing, the API), the others parse: 1 worker on 2 cores, at most 4.
          parseWorkers: Math.min(4, Math.max(1, availableParallelism() - 1)),
        });
  const mailSession = new MailSessionService(repository, sync, transports, secrets, mailSource?.managed ? mailSource.kind : 'DATABASE', tokenStatus, () =>
    inbound?.status(),
  );
  // Each version this instance applied, as this instance serves it (its transports included),
  // and each change of a live OAuth 2.0 token's state (not every refresh).
  const mailSessionChanges = new MailSessionChanges(subscriptionLimits.maxPendingEvents);
  const tokenEvents = new TokenStatusEvents(
    tokenStatus,
    () => transports.transportStatus(),
    () => mailSessionChanges.publish(() => mailSession.get()),
  );
  tokenCaches.onSettled(() => tokenEvents.settled());
  sync.onApplied(() => {
    mailSessionChanges.publish(() => mailSession.get());
    tokenEvents.published();
  });
  const mailSessionHistory = new MailSessionHistoryService(new MailSessionHistoryRepository(prisma), mailSession);
  const mailSessionProperties = new MailSessionPropertiesService(mailSession, sync, secrets);
  const mailCheck = new MailCheckService(
    mailSession,
    secrets,
    transports,
    log,
    network,
    options.mailCheck,
    trust,
    metrics?.mailChecks,
    (row) =>
      // Saved or candidate settings: the live cache when the configuration is live, else one of the test's own.
      oauth2Sources(row, secrets, (client) => tokenCaches.liveOrTransient(client), { network, trust }).sources,
  );
  const jobs = new JobQueue({
    databaseUrl: options.databaseUrl,
    applicationName: `mail-session-jobs-${instanceId}`,
    log,
    maintenanceIntervalSeconds: outboundSettings.queueMaintenanceSeconds,
  });
  const outboundDelivery: OutboundDelivery = new OutboundDelivery({
    prisma,
    pool,
    jobs,
    transports,
    settings: outboundSettings,
    log,
    ...(metrics ? { onResult: (result) => metrics.outbound.attempted(result) } : {}),
  });
  const outboundLimits = options.outboundLimits ?? DEFAULT_OUTBOUND_LIMITS;
  const outboundRepository = new OutboundMessageRepository(prisma, pool);
  const outboundMessages = new OutboundMessageService(outboundRepository, options.outboundQueue ?? outboundDelivery.queue, mailSession, outboundLimits);
  const outboundRetention = new OutboundRetention(outboundRepository, outboundLimits.retentionDays, log, options.outboundRetentionSweepMs);
  // After the transports: a changed incoming server restarts reading with the new settings.
  sync.onApplied(() => inbound?.settingsApplied());
  const inboundMail = new InboundMail({
    prisma,
    jobs,
    settings: options.inbound ?? DEFAULT_INBOUND_SETTINGS,
    network,
    trust,
    log,
    maxPendingEvents: subscriptionLimits.maxPendingEvents,
    ...options.inboundTiming,
  });
  const authentication = new Authentication({ tokens: options.authTokens, oidc: options.oidc, failures: options.authFailures ?? DEFAULT_AUTH_FAILURES, log });

  try {
    // Stored secrets that no configured key decrypts stop start-up here, with a clear message.
    await checkStoredSecrets(prisma, secrets);
    if (mailSource) await applyMailSessionSource(mailSource, { settings: mailSession, secrets, log });
    await listener.start();
    await sync.start();
    // After the transports: the first attempts find the settings applied.
    await jobs.start();
    await outboundDelivery.start();
    inbound?.start();
    await inboundMail.start();
  } catch (error) {
    await inboundMail.stop(0);
    await inbound?.stop();
    await outboundDelivery.stop(0);
    await jobs.stop();
    await listener.stop();
    sync.stop();
    await disconnect();
    throw error;
  }

  const http = createHttpServer(log, httpLimits, options.trustProxy);
  metrics?.observeHttp(http);
  await registerHttpSecurity(http, {
    corsOrigins: httpLimits.corsOrigins,
    corsAllowedHeaders: httpLimits.corsAllowedHeaders,
    landingPage: options.landingPage,
  });
  // One mapping of error codes to HTTP statuses, and the request id on every error.
  registerGraphQLErrorResponses(http);
  const schema = await buildGraphQLSchema({
    mailSession,
    mailCheck,
    mailSessionHistory,
    mailSessionProperties,
    mailSessionChanges,
    outboundMessages,
    inboundMessages: inboundMail.messages,
  });
  const authenticate = (authorization: string | undefined, address: string) => authentication.authenticate(authorization, address);
  // Before Apollo Server's route: @fastify/websocket hands upgrades only to routes registered after it.
  const subscriptions = await registerSubscriptionServer(http, { schema, authenticate, limits: subscriptionLimits, httpLimits });
  const apollo = createApolloServer({
    schema,
    http,
    log,
    httpLimits,
    introspection: options.introspection,
    landingPage: options.landingPage,
    snapshot: () => mailSession.get(),
    plugins: metrics ? [metrics.graphqlPlugin] : [],
  });
  await apollo.start();
  await http.register(fastifyApollo(apollo), {
    // Refuses the anonymous and over-long texts before Apollo parses, validates or stores anything.
    context: requestAdmission({
      authenticate,
      maxQueryBytes: httpLimits.maxQueryBytes,
    }),
  });
  registerHealthRoutes(http, [
    {
      name: 'database',
      check: () => prisma.$queryRaw`SELECT 1`.then(() => true),
    },
    { name: 'migrations', check: () => migrationsApplied(prisma, shippedMigrations) },
    { name: 'changeListener', check: () => listener.connected },
    { name: 'outboundQueue', check: () => outboundDelivery.running },
  ]);
  if (options.adminConsole && !(await registerAdminConsole(http, options.adminConsole))) {
    log.warn('the admin console is not built (dist/admin): /admin answers 503 until `npm run build` has built it');
  }

  outboundRetention.start();
  let metricsServer: MetricsServer | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // No new delivery attempts from now on; those in flight finish on the transports, which stay open until then.
      const delivering = outboundDelivery.stop(options.shutdownTimeoutMs);
      // Subscription sockets first, with 1001 "Going away": the HTTP server waits for every socket.
      await subscriptions.close();
      await http.close();
      await delivering;
      // Pushes under way finish (or are retried by another instance) before the queue and the database go.
      await inboundMail.stop(options.shutdownTimeoutMs);
      await jobs.stop();
      // Before the transports: ends the mailbox session and releases the reader lock.
      await inbound?.stop();
      await transports.close(options.shutdownTimeoutMs);
      await outboundRetention.stop();
      sync.stop();
      await listener.stop();
      await disconnect();
      // Last: a scrape during the drain still sees the transports and the listener.
      await metricsServer?.close();
    })());

  if (metrics && options.metrics) {
    metricsServer = await metrics.listen(options.metrics).catch(async (error: unknown) => {
      await close();
      throw error;
    });
    log.info({ url: metricsServer.url }, 'metrics listening');
  }

  return {
    http,
    transports,
    mailSession,
    sync,
    listener,
    subscriptions,
    mailSessionChanges,
    instanceId,
    metricsUrl: metricsServer?.url,
    tokenCaches,
    outboundMessages,
    outboundRetention,
    inboundMail,
    jobs,
    outboundQueue: outboundDelivery.queue,
    outboundDelivery,
    inbound,
    close,
  };
}
