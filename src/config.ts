/**
 * The only reader of the environment. Parses and validates once, fails fast naming the variable,
 * and returns a frozen, typed object that the rest of the service receives.
 */

import { isIP } from 'node:net';
import { isReservedCallerName, SERVICE_WRITER_NAMES } from './auth/identity.js';
import { MAIL_SETTING_VARIABLE_NAMES, mailSessionSourceFrom, type MailSessionSourceConfig } from './mail-session-source/source-config.js';
import { CidrSyntaxError, DEFAULT_NETWORK_DENY, formatCidr, parseCidr, type NetworkPolicySettings } from './network/network-policy.js';

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
  /** Older keys from `MAIL_SECRET_KEYS` (after the first, which is `secretKey`): decrypt only. */
  readonly secretReadKeys: readonly SecretKey[];
  /** Unset: only the static `AUTH_TOKENS` are accepted. */
  readonly oidc: OidcConfig | undefined;
  readonly authFailures: AuthFailureLimits;
  readonly httpLimits: HttpLimits;
  /**
   * `TRUST_PROXY`: addresses and CIDR networks of the reverse proxies whose `X-Forwarded-For` is
   * believed. Unset: the client address is the TCP peer's.
   */
  readonly trustProxy: readonly string[] | undefined;
  /** `MAIL_NETWORK_DENY` and `MAIL_NETWORK_ALLOW`: where outbound mail connections may go. */
  readonly networkPolicy: NetworkPolicySettings;
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

/**
 * `MAIL_SECRET_KEY`: 32 bytes in base64, optionally prefixed by a key id (`id:base64`). `entry`
 * (1-based) names the key's place in a list; the value itself never appears in an error.
 */
export function parseSecretKey(raw: string, variable = 'MAIL_SECRET_KEY', entry?: number): SecretKey {
  const match = /^(?:([A-Za-z0-9_-]{1,32}):)?([A-Za-z0-9+/=_-]+)$/.exec(raw.trim());
  const key = match ? Buffer.from(match[2] ?? '', 'base64') : Buffer.alloc(0);
  if (!match || key.length !== 32) {
    const where = entry === undefined ? '' : `entry ${entry}: `;
    throw new ConfigError(variable, `${where}expected 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`), optionally as \`keyid:base64\``);
  }
  return { id: match[1] ?? 'k1', key };
}

/**
 * `AUTH_TOKENS`: comma-separated `name:role:token`, role `admin` or `viewer`. A name the service
 * writes for itself (`environment`, `file`) is refused, so a token cannot pass for it. Errors name
 * an entry by its position only: a malformed entry may be a bare token, and its first part a secret.
 */
export function parseAuthTokens(raw: string, variable = 'AUTH_TOKENS'): AuthToken[] {
  const entries = listEntries(raw);
  const tokens = entries.map(({ entry, place }) => {
    const [name, role, ...rest] = entry.split(':');
    const token = rest.join(':');
    const problem = (text: string) => new ConfigError(variable, `entry ${place}: ${text} (entries are name:role:token)`);
    if (!name || !/^[\w.@-]{1,64}$/.test(name)) throw problem('name must be 1-64 letters, digits, . _ @ -');
    if (role !== 'admin' && role !== 'viewer') throw problem('role must be admin or viewer');
    if (token.length < 16) throw problem('token must be at least 16 characters');
    // A bearer token travels in a header as one word: anything else could never match.
    if (!/^[\x21-\x7e]+$/.test(token)) throw problem('token must be visible ASCII, no spaces');
    if (isReservedCallerName(name)) throw problem(`the names ${SERVICE_WRITER_NAMES.join(' and ')} are reserved: the service records its own changes under them`);
    return { name, role, token } satisfies AuthToken;
  });
  if (tokens.length === 0) throw new ConfigError(variable, 'no tokens given');
  const places = entries.map((e) => e.place);
  const sameName = firstRepeat(tokens.map((t) => t.name), places);
  if (sameName) throw new ConfigError(variable, `entry ${sameName.later}: the same name as entry ${sameName.first}; token names must be unique`);
  const sameToken = firstRepeat(tokens.map((t) => t.token), places);
  if (sameToken) throw new ConfigError(variable, `entry ${sameToken.later}: the same token as entry ${sameToken.first}; tokens must be unique`);
  return tokens;
}

/** The non-empty entries of a comma-separated list, each with its place in the list (from 1), by which errors name it. */
function listEntries(raw: string): { entry: string; place: number }[] {
  return raw
    .split(',')
    .map((entry, index) => ({ entry: entry.trim(), place: index + 1 }))
    .filter(({ entry }) => entry !== '');
}

/** The places of the first value that occurs twice, so an error can name entries without their values. */
function firstRepeat(values: readonly string[], places: readonly number[]): { first: number; later: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, value] of values.entries()) {
    const place = places[index] ?? index + 1;
    const first = seen.get(value);
    if (first !== undefined) return { first, later: place };
    seen.set(value, place);
  }
  return undefined;
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
  const secretKeys = secretKeysFrom(env);
  const rawTokens = text(env, 'AUTH_TOKENS');
  const oidc = oidcFrom(env);
  const embeddedDefault = databaseUrl === undefined && !isProduction;
  if (!embeddedDefault) {
    const where = isProduction ? 'in production' : 'with DATABASE_URL set';
    if (isProduction && databaseUrl === undefined) throw new ConfigError('DATABASE_URL', 'required in production (the embedded PostgreSQL is for development)');
    if (secretKeys === undefined) throw new ConfigError('MAIL_SECRET_KEY', `required ${where}: 32 random bytes in base64, e.g. \`openssl rand -base64 32\``);
    if (rawTokens === undefined && oidc === undefined) throw new ConfigError('AUTH_TOKENS', `required ${where} unless AUTH_JWKS_URL is set: comma-separated name:role:token`);
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
    secretKey: secretKeys?.[0],
    authTokens: rawTokens === undefined ? (embeddedDefault ? undefined : []) : parseAuthTokens(rawTokens),
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
    secretReadKeys: secretKeys?.slice(1) ?? [],
    oidc,
    authFailures: authFailuresFrom(env),
    httpLimits: httpLimitsFrom(env, nodeEnvRaw),
    trustProxy: trustProxyFrom(env),
    networkPolicy: networkPolicyFrom(env),
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

/** OpenID Connect access tokens (JWTs) accepted besides the static tokens. */
export interface OidcConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
  /** Claim holding the roles, a dot path such as `roles` or `realm_access.roles`. */
  readonly rolesClaim: string;
  /** Claim recorded as `updatedBy` after `oidc:`; `oidc:sub:<sub>` when absent (see auth/identity.ts). */
  readonly nameClaim: string;
  /**
   * `AUTH_MAX_TOKEN_AGE_SECONDS`: a token issued (`iat`) longer ago than this, or meant to live
   * longer than this (`exp - iat`), is refused; a token without `iat` too.
   */
  readonly maxTokenAgeSeconds: number;
}

/** How repeated authentication failures from one address are slowed down, then refused. */
export interface AuthFailureLimits {
  /** Failures within `windowMs` after which each further attempt is delayed. */
  readonly slowAfter: number;
  /** Failures within `windowMs` after which attempts are refused with RATE_LIMITED. */
  readonly refuseAfter: number;
  readonly windowMs: number;
  /** Added per failure beyond `slowAfter`, up to 10 times this. */
  readonly delayMs: number;
}

/** Limits on what one HTTP request may ask of the service. */
export interface HttpLimits {
  readonly bodyLimitBytes: number;
  /** Origins allowed by CORS (Apollo Sandbox's is added in development). */
  readonly corsOrigins: readonly string[];
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** No schema details (field suggestions) in client errors: on in production. */
  readonly hideSchemaDetails: boolean;
  /** Longest GraphQL query text, in UTF-8 bytes; a longer one is refused before it is parsed. */
  readonly maxQueryBytes: number;
  /** Time to receive a whole request, headers and body (Node's `server.requestTimeout`). */
  readonly requestTimeoutMs: number;
  /** Time to receive a request's headers (Node's `server.headersTimeout`); at most `requestTimeoutMs`. */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open between requests (Node 20 adds up to 1 s). */
  readonly keepAliveTimeoutMs: number;
  /**
   * A connection with no traffic either way for this long is closed (Fastify's `connectionTimeout`,
   * Node's socket timeout). Longer than the slowest answer: testMailSession may take 30 s.
   */
  readonly connectionTimeoutMs: number;
}

/** `MAIL_SECRET_KEYS` (`k2:base64,k1:base64`, first one writes) or the single `MAIL_SECRET_KEY`. */
function secretKeysFrom(env: Env): SecretKey[] | undefined {
  const single = text(env, 'MAIL_SECRET_KEY');
  const several = text(env, 'MAIL_SECRET_KEYS');
  if (single !== undefined && several !== undefined) {
    throw new ConfigError('MAIL_SECRET_KEYS', 'set either MAIL_SECRET_KEYS or MAIL_SECRET_KEY, not both');
  }
  if (several === undefined) return single === undefined ? undefined : [parseSecretKey(single)];
  const entries = listEntries(several);
  const keys = entries.map(({ entry, place }) => parseSecretKey(entry, 'MAIL_SECRET_KEYS', place));
  if (keys.length === 0) throw new ConfigError('MAIL_SECRET_KEYS', 'no keys given');
  const repeated = firstRepeat(keys.map((k) => k.id), entries.map((e) => e.place));
  if (repeated) throw new ConfigError('MAIL_SECRET_KEYS', `entry ${repeated.later}: the same key id as entry ${repeated.first}; key ids must be unique (write them as \`id:base64\`)`);
  return keys;
}

function oidcFrom(env: Env): OidcConfig | undefined {
  const jwksUrl = text(env, 'AUTH_JWKS_URL');
  if (jwksUrl === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(jwksUrl);
  } catch {
    throw new ConfigError('AUTH_JWKS_URL', 'expected an http(s) URL of the identity provider\'s JSON Web Key Set');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError('AUTH_JWKS_URL', 'expected an http(s) URL');
  const issuer = text(env, 'AUTH_ISSUER');
  const audience = text(env, 'AUTH_AUDIENCE');
  if (issuer === undefined) throw new ConfigError('AUTH_ISSUER', 'required with AUTH_JWKS_URL: the `iss` every accepted token must carry');
  if (audience === undefined) throw new ConfigError('AUTH_AUDIENCE', 'required with AUTH_JWKS_URL: the `aud` every accepted token must carry');
  const claim = (name: string, fallback: string) => {
    const value = text(env, name) ?? fallback;
    if (!/^[\w:/.-]{1,200}$/.test(value)) throw new ConfigError(name, 'expected a claim name (a dot path for nested claims)');
    return value;
  };
  return {
    jwksUrl: parsed.toString(),
    issuer,
    audience,
    clockToleranceSeconds: integer(env, 'AUTH_CLOCK_SKEW_SECONDS', 30, 0, 600),
    rolesClaim: claim('AUTH_ROLES_CLAIM', 'roles'),
    nameClaim: claim('AUTH_NAME_CLAIM', 'preferred_username'),
    // A day: the longest access token lifetime common providers issue by default (Auth0's is
    // 86,400 s; Keycloak, Entra ID, Okta, Google: minutes to an hour); a stolen or mis-issued
    // long-lived token is useful for a day at most.
    maxTokenAgeSeconds: integer(env, 'AUTH_MAX_TOKEN_AGE_SECONDS', 86_400, 60, 30 * 86_400),
  };
}

function authFailuresFrom(env: Env): AuthFailureLimits {
  const slowAfter = integer(env, 'AUTH_FAILURES_BEFORE_DELAY', 5, 0, 1_000);
  const refuseAfter = integer(env, 'AUTH_FAILURES_BEFORE_LOCKOUT', 20, 1, 10_000);
  if (refuseAfter <= slowAfter) throw new ConfigError('AUTH_FAILURES_BEFORE_LOCKOUT', 'must be greater than AUTH_FAILURES_BEFORE_DELAY');
  return {
    slowAfter,
    refuseAfter,
    windowMs: integer(env, 'AUTH_FAILURE_WINDOW_MS', 15 * 60_000, 1_000, 86_400_000),
    delayMs: integer(env, 'AUTH_FAILURE_DELAY_MS', 250, 0, 10_000),
  };
}

const PROXY_EXAMPLE = 'e.g. 10.0.0.5 or 172.18.0.0/16';

/**
 * `TRUST_PROXY`: `false`, or the proxies' addresses and CIDR networks. `true` and hop counts are
 * refused: neither checks that the request came through the proxy, so a client could name its own
 * address in `X-Forwarded-For` and escape the authentication failure limit (Fastify 5 ignores a
 * hop count for that reason, which would silently trust nothing).
 */
function trustProxyFrom(env: Env): readonly string[] | undefined {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined || raw.toLowerCase() === 'false') return undefined;
  if (raw.toLowerCase() === 'true') {
    throw new ConfigError('TRUST_PROXY', `true would believe X-Forwarded-For from anyone, so a client could choose its own address and escape the authentication failure limit; give the proxy's addresses or networks, ${PROXY_EXAMPLE}`);
  }
  if (/^\d+$/.test(raw)) {
    throw new ConfigError('TRUST_PROXY', `a hop count cannot tell the proxy from a client that connects directly (Fastify 5 ignores it); give the proxy's addresses or networks, ${PROXY_EXAMPLE}`);
  }
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new ConfigError('TRUST_PROXY', `no addresses given: give the proxy's addresses or networks, ${PROXY_EXAMPLE}`);
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    // Zone ids (fe80::1%eth0) are left out: proxy-addr and Node disagree on which they accept.
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 6 ? 128 : 32));
    if (family === 0 || address.includes('%') || rest.length > 0 || !validPrefix) {
      throw new ConfigError('TRUST_PROXY', `expected IP addresses or CIDR networks (prefix 1-32 for IPv4, 1-128 for IPv6), comma-separated, ${PROXY_EXAMPLE}; got "${entry}"`);
    }
  }
  return entries;
}

const NETWORK_EXAMPLE = 'e.g. 10.0.0.0/8, 192.0.2.25 or 2001:db8::/32';

/** A value as quoted in a message: control characters escaped, at most 80 characters so written. */
function quoted(value: string): string {
  let shown = value.slice(0, 80);
  while (JSON.stringify(shown).length > 80) shown = shown.slice(0, -1);
  return JSON.stringify(shown) + (shown.length < value.length ? '...' : '');
}

/** Comma-separated CIDR networks, each checked; `keywords` expand to lists of their own. */
function networkList(variable: string, raw: string, keywords: Readonly<Record<string, readonly string[]>>): string[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new ConfigError(variable, `no networks given: expected CIDR networks, comma-separated, ${NETWORK_EXAMPLE}`);
  const networks = entries.flatMap((entry) => {
    const keyword = entry.toLowerCase();
    // Own keys only: `__proto__` or `constructor` must read as a bad entry, not as Object's.
    const expanded = Object.hasOwn(keywords, keyword) ? keywords[keyword] : undefined;
    if (expanded) return [...expanded];
    try {
      return [formatCidr(parseCidr(entry))];
    } catch (error) {
      const why = error instanceof CidrSyntaxError ? error.message : 'not a CIDR network';
      throw new ConfigError(variable, `expected CIDR networks, comma-separated, ${NETWORK_EXAMPLE}; ${quoted(entry)}: ${why}`);
    }
  });
  return [...new Set(networks)];
}

/**
 * `MAIL_NETWORK_DENY`: networks never connected to; unset: `DEFAULT_NETWORK_DENY`. `default`
 * stands for that list (`default,10.0.0.0/8` adds to it); `none` alone denies nothing.
 * `MAIL_NETWORK_ALLOW`: when set, only these networks (less the denied ones) are connected to.
 */
function networkPolicyFrom(env: Env): NetworkPolicySettings {
  const rawDeny = text(env, 'MAIL_NETWORK_DENY');
  const rawAllow = text(env, 'MAIL_NETWORK_ALLOW');
  let deny: readonly string[] = DEFAULT_NETWORK_DENY;
  if (rawDeny !== undefined) {
    if (rawDeny.toLowerCase() === 'none') deny = [];
    else deny = networkList('MAIL_NETWORK_DENY', rawDeny, { default: DEFAULT_NETWORK_DENY });
  }
  const allow = rawAllow === undefined ? undefined : networkList('MAIL_NETWORK_ALLOW', rawAllow, {});
  return Object.freeze({ deny: Object.freeze([...deny]), ...(allow && { allow: Object.freeze(allow) }) });
}

/** Apollo Sandbox on Apollo's site, allowed to call the service in development only. */
export const APOLLO_SANDBOX_ORIGIN = 'https://studio.apollographql.com';

function httpLimitsFrom(env: Env, nodeEnv: Config['nodeEnv']): HttpLimits {
  const corsOrigins = (text(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError('CORS_ORIGINS', `expected origins such as https://admin.example.com (scheme and host, no path), got "${origin}"`);
  }
  if (nodeEnv === 'development' && !corsOrigins.includes(APOLLO_SANDBOX_ORIGIN)) corsOrigins.push(APOLLO_SANDBOX_ORIGIN);
  return {
    bodyLimitBytes: integer(env, 'HTTP_BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    corsOrigins,
    maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 8, 1, 1_000),
    maxCost: integer(env, 'GRAPHQL_MAX_COST', 5_000, 1, 1_000_000),
    maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1_000),
    maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 1_000, 10, 1_000_000),
    maxDirectives: integer(env, 'GRAPHQL_MAX_DIRECTIVES', 50, 0, 1_000),
    hideSchemaDetails: nodeEnv === 'production',
    maxQueryBytes: integer(env, 'GRAPHQL_MAX_QUERY_BYTES', 16 * 1024, 64, 16 * 1024 * 1024),
    ...httpTimeoutsFrom(env),
  };
}

type HttpTimeouts = Pick<HttpLimits, 'requestTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'connectionTimeoutMs'>;

/** Slow clients are cut off: a connection that trickles or idles no longer holds a socket forever. */
function httpTimeoutsFrom(env: Env): HttpTimeouts {
  const requestTimeoutMs = integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000);
  const headersTimeoutMs = integer(env, 'HTTP_HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 100, 600_000);
  // Node refuses to start a server whose header timeout is longer than its request timeout.
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS', `must not be longer than HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    connectionTimeoutMs: integer(env, 'HTTP_CONNECTION_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
  };
}

/** For `npm run secrets:rotate`: the database and the keys (the first one writes). */
export function loadRotationConfig(env: Env = process.env): { databaseUrl: string; secretKeys: readonly SecretKey[] } {
  const { databaseUrl } = loadMigrationConfig(env);
  const secretKeys = secretKeysFrom(env);
  if (secretKeys === undefined) throw new ConfigError('MAIL_SECRET_KEYS', 'required: the new key first, then every key stored secrets may still be under, e.g. k2:<base64>,k1:<base64>');
  return { databaseUrl, secretKeys };
}

/** Defaults of the settings above, for callers of buildApp that do not read the environment. */
export const DEFAULT_AUTH_FAILURES: AuthFailureLimits = Object.freeze(authFailuresFrom({}));
export const DEFAULT_HTTP_LIMITS: HttpLimits = Object.freeze(httpLimitsFrom({}, 'test'));
