import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig, Role } from '../../config/auth-settings.js';
import { knownRoles } from './caller-roles.js';
import { oidcCallerName } from './identity.js';
import type { Caller } from './token-authenticator.js';

/** Asymmetric algorithms only: `none` and HMAC (where a public key could be used as the secret) never verify. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Verified tokens remembered at most, and for how long at most. */
const REMEMBERED_TOKENS = 1_000;
const REMEMBER_MS = 5 * 60_000;

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Why a JWT was not accepted; logged, never shown to the client, never containing the token. */
export type JwtRejection =
  | 'expired'
  | 'issued too long ago'
  | 'lives too long'
  | 'not yet valid'
  | 'bad signature'
  | 'unknown key'
  | 'claim check failed'
  | 'malformed'
  | 'no role'
  | 'identity provider unreachable';

export type JwtOutcome = { ok: true; caller: Caller } | { ok: false; reason: JwtRejection };

/** Three base64url parts: what a compact JWS looks like, so static tokens are not sent to jose. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let current: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Every role of ours listed in the claim (an array of strings or a space-separated string); undefined when none is. */
function rolesFrom(claim: unknown): Role[] | undefined {
  const names = Array.isArray(claim) ? claim.filter((r): r is string => typeof r === 'string') : typeof claim === 'string' ? claim.split(/\s+/) : [];
  const roles = knownRoles(names);
  return roles.length === 0 ? undefined : roles;
}

function rejection(error: unknown): JwtRejection {
  if (error instanceof joseErrors.JWTExpired) return error.claim === 'iat' ? 'issued too long ago' : 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return error.claim === 'nbf' ? 'not yet valid' : 'claim check failed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) return 'unknown key';
  if (error instanceof joseErrors.JWKSTimeout) return 'identity provider unreachable';
  if (error instanceof joseErrors.JOSEError) return 'malformed';
  // Not jose's own: fetching the key set failed (connection refused, bad JSON from the provider).
  return 'identity provider unreachable';
}

/**
 * Verifies OpenID Connect access tokens against the provider's JSON Web Key Set. The caller is
 * named `oidc:<name claim>` (see identity.ts), so no token can pass for a static token's name or
 * for the service's own writers. A token issued more than `maxTokenAgeSeconds` ago, or meant to
 * live longer than that, is refused whatever its `exp`.
 */
export class JwtAuthenticator {
  private readonly keys: JWTVerifyGetKey;
  /** Tokens verified lately, by digest: no signature check and no failure slot for a token in use. */
  private readonly verified = new Map<string, { caller: Caller; until: number }>();
  /** Verifications under way, by digest: concurrent requests with one token share one. */
  private readonly running = new Map<string, Promise<JwtOutcome>>();

  constructor(private readonly config: OidcConfig) {
    // jose caches the key set and refetches it (at most every 30 s) when a token names an unknown key.
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  }

  /**
   * Whether `token` was verified lately and is still good, or is being verified right now: a
   * request with it is no new guess, so the caller need not count it as an attempt.
   */
  isKnown(token: string): boolean {
    const id = digest(token);
    return this.running.has(id) || this.remembered(id) !== undefined;
  }

  /** Verifies `token`, or joins the verification of the same token under way, or answers from the recent ones. */
  verify(token: string): Promise<JwtOutcome> {
    const id = digest(token);
    const caller = this.remembered(id);
    if (caller) return Promise.resolve({ ok: true, caller });
    const running = this.running.get(id);
    if (running) return running;
    const started = this.check(token)
      .then(({ outcome, until }) => {
        if (outcome.ok) this.remember(id, outcome.caller, until);
        return outcome;
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, started);
    return started;
  }

  private remembered(id: string): Caller | undefined {
    const entry = this.verified.get(id);
    if (entry && entry.until > Date.now()) return entry.caller;
    if (entry) this.verified.delete(id);
    return undefined;
  }

  private remember(id: string, caller: Caller, until: number): void {
    this.verified.set(id, { caller, until });
    if (this.verified.size > REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value ?? id);
  }

  private async check(token: string): Promise<{ outcome: JwtOutcome; until: number }> {
    const refused = (reason: JwtRejection) => ({ outcome: { ok: false, reason } as const, until: 0 });
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockToleranceSeconds,
        algorithms: ALGORITHMS,
        // Also makes `iat` required: a token that does not say when it was issued has no age.
        maxTokenAge: this.config.maxTokenAgeSeconds,
        requiredClaims: ['exp', 'sub', 'iat'],
      });
      const { exp = 0, iat = 0 } = payload;
      // jose bounds the age; this refuses at once a token minted to outlive the bound (`exp` years away).
      if (exp - iat > this.config.maxTokenAgeSeconds) return refused('lives too long');
      const roles = rolesFrom(claimAt(payload, this.config.rolesClaim));
      const name = oidcCallerName(claimAt(payload, this.config.nameClaim), payload.sub);
      if (roles === undefined || name === undefined) return refused(roles === undefined ? 'no role' : 'claim check failed');
      // Remembered for minutes at most, as jose keeps a key set: a key the provider withdraws stops working as soon.
      const until = Math.min(exp * 1000, (iat + this.config.maxTokenAgeSeconds) * 1000, Date.now() + REMEMBER_MS);
      return { outcome: { ok: true, caller: { name, roles } }, until };
    } catch (error) {
      return refused(rejection(error));
    }
  }
}
