/**
 * The only reader of the environment. Parses and validates once, fails fast naming the variable,
 * and returns a frozen, typed object that the rest of the service receives.
 */

import { MAIL_SETTING_VARIABLE_NAMES, mailSessionSourceFrom, type MailSessionSourceConfig } from './mail-session-source/source-config.js';

export type Role = 'admin' | 'viewer';

export interface AuthToken {
  readonly name: string;
  readonly role: Role;
  readonly token: string;
}

export interface SecretKey {
  readonly id: string;
  readonly key: Buffer;
}

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
  readonly introspection: boolean;
  readonly landingPage: boolean;
  /** Safety net for notifications missed while the change listener was disconnected. */
  readonly reconcileIntervalMs: number;
  readonly listenerReconnectMs: number;
  /** Longest wait on SIGTERM for requests and sends in flight. */
  readonly shutdownTimeoutMs: number;
  /** `MAIL_*` settings or `MAIL_SESSION_PROPERTIES_FILE`, and `MAIL_SESSION_MANAGED`; unset when neither is given. */
  readonly mailSessionSource: MailSessionSourceConfig | undefined;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

/** `MAIL_SECRET_KEY`: 32 bytes in base64, optionally prefixed by a key id (`id:base64`). */
export function parseSecretKey(raw: string, variable = 'MAIL_SECRET_KEY'): SecretKey {
  const match = /^(?:([A-Za-z0-9_-]{1,32}):)?([A-Za-z0-9+/=_-]+)$/.exec(raw.trim());
  const key = match ? Buffer.from(match[2] ?? '', 'base64') : Buffer.alloc(0);
  if (!match || key.length !== 32) {
    throw new ConfigError(variable, 'expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`), optionally as `keyid:base64`');
  }
  return { id: match[1] ?? 'k1', key };
}

/** `AUTH_TOKENS`: comma-separated `name:role:token`, role `admin` or `viewer`. */
export function parseAuthTokens(raw: string, variable = 'AUTH_TOKENS'): AuthToken[] {
  const tokens = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const [name, role, ...rest] = entry.split(':');
      const token = rest.join(':');
      if (!name || !/^[\w.@-]{1,64}$/.test(name)) throw new ConfigError(variable, `entry ${index + 1}: name must be 1-64 letters, digits, . _ @ -`);
      if (role !== 'admin' && role !== 'viewer') throw new ConfigError(variable, `entry ${index + 1} (${name}): role must be admin or viewer`);
      if (token.length < 16) throw new ConfigError(variable, `entry ${index + 1} (${name}): token must be at least 16 characters`);
      // A bearer token travels in a header as one word: anything else could never match.
      if (!/^[\x21-\x7e]+$/.test(token)) throw new ConfigError(variable, `entry ${index + 1} (${name}): token must be visible ASCII, no spaces`);
      return { name, role, token } satisfies AuthToken;
    });
  if (tokens.length === 0) throw new ConfigError(variable, 'no tokens given');
  const names = new Set(tokens.map((t) => t.name));
  if (names.size !== tokens.length) throw new ConfigError(variable, 'token names must be unique');
  if (new Set(tokens.map((t) => t.token)).size !== tokens.length) throw new ConfigError(variable, 'tokens must be unique');
  return tokens;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnvRaw = text(env, 'NODE_ENV') ?? 'development';
  if (nodeEnvRaw !== 'development' && nodeEnvRaw !== 'production' && nodeEnvRaw !== 'test') {
    throw new ConfigError('NODE_ENV', `expected development, production or test, got "${nodeEnvRaw}"`);
  }
  const isProduction = nodeEnvRaw === 'production';
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgresql:// connection string');
  }
  const rawKey = text(env, 'MAIL_SECRET_KEY');
  const rawTokens = text(env, 'AUTH_TOKENS');
  const embeddedDefault = databaseUrl === undefined && !isProduction;
  if (!embeddedDefault) {
    const where = isProduction ? 'in production' : 'with DATABASE_URL set';
    if (isProduction && databaseUrl === undefined) throw new ConfigError('DATABASE_URL', 'required in production (the embedded PostgreSQL is for development)');
    if (rawKey === undefined) throw new ConfigError('MAIL_SECRET_KEY', `required ${where}: 32 random bytes in base64, e.g. \`openssl rand -base64 32\``);
    if (rawTokens === undefined) throw new ConfigError('AUTH_TOKENS', `required ${where}: comma-separated name:role:token`);
  }
  const introspection = flag(env, 'GRAPHQL_INTROSPECTION', !isProduction);
  const config: Config = {
    nodeEnv: nodeEnvRaw,
    isProduction,
    host: text(env, 'HOST') ?? '0.0.0.0',
    port: integer(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir: text(env, 'DATA_DIR') ?? '.data',
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1, 65535),
    secretKey: rawKey === undefined ? undefined : parseSecretKey(rawKey),
    authTokens: rawTokens === undefined ? undefined : parseAuthTokens(rawTokens),
    logLevel: text(env, 'LOG_LEVEL') ?? 'info',
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
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected fatal, error, warn, info, debug, trace or silent, got "${config.logLevel}"`);
  }
  return Object.freeze(config);
}

/** For `npm run migrate`: only the database is needed. */
export function loadMigrationConfig(env: Env = process.env): { databaseUrl: string } {
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl === undefined || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'required: a postgresql:// connection string of the database to migrate');
  }
  return { databaseUrl };
}
