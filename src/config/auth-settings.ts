import { isIP } from 'node:net';
import { isReservedCallerName, SERVICE_WRITER_NAMES } from '../platform/auth/identity.js';
import { ConfigError } from './config-error.js';
import { firstRepeat, integer, listEntries, text, type Env } from './env-values.js';

/**
 * What a caller may do. `admin` implies every other role; `viewer` reads the settings, their
 * history and feed; `sender` sends mail and reads the messages it sent (issue 16); `receiver`
 * reads inbound mail (issue 17). A caller may hold several (an access token's roles claim).
 */
export const ROLES = ['admin', 'viewer', 'sender', 'receiver'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface AuthToken {
  readonly name: string;
  readonly role: Role;
  readonly token: string;
}

/**
 * `AUTH_TOKENS`: comma-separated `name:role:token`, one role per token: `admin`, `viewer`, `sender`
 * or `receiver`. A name the service
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
    if (!isRole(role)) throw problem(`role must be ${ROLES.join(', ')}`);
    if (token.length < 16) throw problem('token must be at least 16 characters');
    // A bearer token travels in a header as one word: anything else could never match.
    if (!/^[\x21-\x7e]+$/.test(token)) throw problem('token must be visible ASCII, no spaces');
    if (isReservedCallerName(name))
      throw problem(`the names ${SERVICE_WRITER_NAMES.join(' and ')} are reserved: the service records its own changes under them`);
    return { name, role, token } satisfies AuthToken;
  });
  if (tokens.length === 0) throw new ConfigError(variable, 'no tokens given');
  const places = entries.map((e) => e.place);
  const sameName = firstRepeat(
    tokens.map((t) => t.name),
    places,
  );
  if (sameName) throw new ConfigError(variable, `entry ${sameName.later}: the same name as entry ${sameName.first}; token names must be unique`);
  const sameToken = firstRepeat(
    tokens.map((t) => t.token),
    places,
  );
  if (sameToken) throw new ConfigError(variable, `entry ${sameToken.later}: the same token as entry ${sameToken.first}; tokens must be unique`);
  return tokens;
}

/** OpenID Connect access tokens (JWTs) accepted besides the static tokens. */
export interface OidcConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
  /** Claim holding the roles, a dot path such as `roles` or `realm_access.roles`. */
  readonly rolesClaim: string;
  /** Claim recorded as `updatedBy` after `oidc:`; `oidc:sub:<sub>` when absent (see platform/auth/identity.ts). */
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

export function oidcFrom(env: Env): OidcConfig | undefined {
  const jwksUrl = text(env, 'AUTH_JWKS_URL');
  if (jwksUrl === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(jwksUrl);
  } catch {
    throw new ConfigError('AUTH_JWKS_URL', "expected an http(s) URL of the identity provider's JSON Web Key Set");
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

export function authFailuresFrom(env: Env): AuthFailureLimits {
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
export function trustProxyFrom(env: Env): readonly string[] | undefined {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined || raw.toLowerCase() === 'false') return undefined;
  if (raw.toLowerCase() === 'true') {
    throw new ConfigError(
      'TRUST_PROXY',
      `true would believe X-Forwarded-For from anyone, so a client could choose its own address and escape the authentication failure limit; give the proxy's addresses or networks, ${PROXY_EXAMPLE}`,
    );
  }
  if (/^\d+$/.test(raw)) {
    throw new ConfigError(
      'TRUST_PROXY',
      `a hop count cannot tell the proxy from a client that connects directly (Fastify 5 ignores it); give the proxy's addresses or networks, ${PROXY_EXAMPLE}`,
    );
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
      throw new ConfigError(
        'TRUST_PROXY',
        `expected IP addresses or CIDR networks (prefix 1-32 for IPv4, 1-128 for IPv6), comma-separated, ${PROXY_EXAMPLE}; got "${entry}"`,
      );
    }
  }
  return entries;
}

/** Defaults of the settings above, for callers of buildApp that do not read the environment. */
export const DEFAULT_AUTH_FAILURES: AuthFailureLimits = Object.freeze(authFailuresFrom({}));
