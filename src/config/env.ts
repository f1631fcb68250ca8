/**
 * The only reader of the environment. Parses and validates once, fails fast naming the variable,
 * and returns a frozen, typed object that the rest of the service receives.
 */

import { adminConsoleFrom, type AdminConsoleSettings } from './admin-console-settings.js';
import { authFailuresFrom, oidcFrom, parseAuthTokens, trustProxyFrom, type AuthFailureLimits, type AuthToken, type OidcConfig } from './auth-settings.js';
import { ConfigError } from './config-error.js';
import { flag, integer, text, type Env } from './env-values.js';
import { httpLimitsFrom, type HttpLimits } from './http-settings.js';
import { logFormatFrom, type LogFormat } from './log-settings.js';
import { MAIL_SETTING_VARIABLE_NAMES, mailSessionSourceFrom, type MailSessionSourceConfig } from './mail-source.js';
import { metricsSettingsFrom, type MetricsSettings } from './metrics-settings.js';
import { mailTlsCaFrom } from './mail-tls-settings.js';
import { networkPolicyFrom } from './network-settings.js';
import { withSecretFiles } from './secret-files.js';
import type { NetworkPolicySettings } from '../platform/network/network-policy.js';
import { secretKeysFrom, type SecretKey } from './secret-keys.js';
import { commandNamesFrom, launchedByNpm, type CommandNames } from './command-names.js';
import { databaseConnectTimeoutFrom } from './database-connect-settings.js';
import { subscriptionLimitsFrom, type SubscriptionLimits } from './subscription-settings.js';
import { outboundLimitsFrom, type OutboundLimits } from './outbound-limits.js';

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  /** Unset: run on an embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  /** Unset only in the embedded default, which generates one into `dataDir`. */
  readonly secretKey: SecretKey | undefined;
  /** Unset only in the embedded default, which generates an admin token into `dataDir`. */
  readonly authTokens: readonly AuthToken[] | undefined;
  readonly logLevel: string;
  readonly logFormat: LogFormat;
  readonly introspection: boolean;
  readonly landingPage: boolean;
  /** Safety net for notifications missed while the change listener was disconnected. */
  readonly reconcileIntervalMs: number;
  readonly listenerReconnectMs: number;
  /** Longest wait on SIGTERM for requests and sends in flight. */
  readonly shutdownTimeoutMs: number;
  /** `MAIL_*` settings or `MAIL_SESSION_PROPERTIES_FILE`, and `MAIL_SESSION_MANAGED`; unset when neither is given. */
  readonly mailSessionSource: MailSessionSourceConfig | undefined;
  /** Older keys from `MAIL_SECRET_KEYS` (after the first, which is `secretKey`): decrypt only. */
  readonly secretReadKeys: readonly SecretKey[];
  /** Unset: only the static `AUTH_TOKENS` are accepted. */
  readonly oidc: OidcConfig | undefined;
  readonly authFailures: AuthFailureLimits;
  readonly httpLimits: HttpLimits;
  /** `SUBSCRIPTION_*`: connection caps, timeouts and buffers of the subscription sockets. */
  readonly subscriptionLimits: SubscriptionLimits;
  /**
   * `TRUST_PROXY`: addresses and CIDR networks of the reverse proxies whose `X-Forwarded-For` is
   * believed. Unset: the client address is the TCP peer's.
   */
  readonly trustProxy: readonly string[] | undefined;
  /** `MAIL_NETWORK_DENY` and `MAIL_NETWORK_ALLOW`: where outbound mail connections may go. */
  readonly networkPolicy: NetworkPolicySettings;
  /** `METRICS_PORT` and `METRICS_HOST`: the Prometheus metrics listener; unset: off. */
  readonly metrics: MetricsSettings | undefined;
  /** `MAIL_TLS_CA_FILE`: CA certificates (PEM) trusted for mail connections besides the system store; unset: none. */
  readonly mailTlsCa: readonly string[] | undefined;
  /** `DATABASE_CONNECT_TIMEOUT_MS`: how long start-up retries an unreachable database; 0: one attempt. */
  readonly databaseConnectTimeoutMs: number;
  /** `ADMIN_CONSOLE`, `AUTH_OIDC_CLIENT_ID`, `AUTH_OIDC_SCOPE`: the admin console at /admin and how it signs in. */
  readonly adminConsole: AdminConsoleSettings;
  /** `OUTBOUND_MAX_MESSAGE_BYTES`, `OUTBOUND_MAX_RECIPIENTS`, `OUTBOUND_RETENTION_DAYS`: what sendEmail accepts and how long it keeps it. */
  readonly outboundLimits: OutboundLimits;
  /** Started by npm: the commands messages name, and whether npm's exit stops the service. */
  readonly launchedByNpm: boolean;
  readonly commands: CommandNames;
}

export function loadConfig(variables: Env = process.env): Config {
  const env = withSecretFiles(variables);
  const nodeEnvRaw = text(env, 'NODE_ENV') ?? 'development';
  if (nodeEnvRaw !== 'development' && nodeEnvRaw !== 'production' && nodeEnvRaw !== 'test') {
    throw new ConfigError('NODE_ENV', `expected development, production or test, got "${nodeEnvRaw}"`);
  }
  const isProduction = nodeEnvRaw === 'production';
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgresql:// connection string');
  }
  const secretKeys = secretKeysFrom(env);
  const rawTokens = text(env, 'AUTH_TOKENS');
  const oidc = oidcFrom(env);
  const embeddedDefault = databaseUrl === undefined && !isProduction;
  if (!embeddedDefault) {
    const where = isProduction ? 'in production' : 'with DATABASE_URL set';
    if (isProduction && databaseUrl === undefined)
      throw new ConfigError(
        'DATABASE_URL',
        'required in production (the embedded PostgreSQL is for development); or DATABASE_URL_FILE naming a file that holds it',
      );
    if (secretKeys === undefined)
      throw new ConfigError(
        'MAIL_SECRET_KEY',
        `required ${where}: 32 random bytes in base64, e.g. \`openssl rand -base64 32\`; or MAIL_SECRET_KEY_FILE naming a file that holds it`,
      );
    if (rawTokens === undefined && oidc === undefined)
      throw new ConfigError(
        'AUTH_TOKENS',
        `required ${where} unless AUTH_JWKS_URL is set: comma-separated name:role:token; or AUTH_TOKENS_FILE naming a file that holds them`,
      );
  }
  const introspection = flag(env, 'GRAPHQL_INTROSPECTION', !isProduction);
  const config: Config = {
    nodeEnv: nodeEnvRaw,
    isProduction,
    // Outside production only this machine can connect by default; the image sets HOST=0.0.0.0.
    host: text(env, 'HOST') ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    port: integer(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir: text(env, 'DATA_DIR') ?? '.data',
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1, 65535),
    secretKey: secretKeys?.[0],
    authTokens: rawTokens === undefined ? (embeddedDefault ? undefined : []) : parseAuthTokens(rawTokens),
    logLevel: text(env, 'LOG_LEVEL') ?? 'info',
    logFormat: logFormatFrom(env),
    introspection,
    landingPage: flag(env, 'GRAPHQL_LANDING_PAGE', !isProduction),
    reconcileIntervalMs: integer(env, 'RECONCILE_INTERVAL_MS', 30_000, 100, 86_400_000),
    listenerReconnectMs: integer(env, 'LISTENER_RECONNECT_MS', 1_000, 10, 600_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 0, 600_000),
    mailSessionSource: mailSessionSourceFrom({
      file: text(env, 'MAIL_SESSION_PROPERTIES_FILE'),
      managed: flag(env, 'MAIL_SESSION_MANAGED', false),
      variables: Object.fromEntries(MAIL_SETTING_VARIABLE_NAMES.map((name) => [name, text(env, name)])),
    }),
    secretReadKeys: secretKeys?.slice(1) ?? [],
    oidc,
    authFailures: authFailuresFrom(env),
    httpLimits: httpLimitsFrom(env, nodeEnvRaw),
    subscriptionLimits: subscriptionLimitsFrom(env),
    trustProxy: trustProxyFrom(env),
    networkPolicy: networkPolicyFrom(env),
    metrics: metricsSettingsFrom(env),
    mailTlsCa: mailTlsCaFrom(env),
    databaseConnectTimeoutMs: databaseConnectTimeoutFrom(env),
    adminConsole: adminConsoleFrom(env, oidc?.issuer),
    outboundLimits: outboundLimitsFrom(env),
    launchedByNpm: launchedByNpm(env),
    commands: commandNamesFrom(env),
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected fatal, error, warn, info, debug, trace or silent, got "${config.logLevel}"`);
  }
  return Object.freeze(config);
}

export { loadMigrationConfig, loadRotationConfig } from './database-command-config.js';
