import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig, Role } from '../config.js';
import { oidcCallerName } from './identity.js';
import type { Caller } from './token-authenticator.js';

/** Asymmetric algorithms only: `none` and HMAC (where a public key could be used as the secret) never verify. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

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

/** The strongest of the roles listed in the claim: an array of strings or a space-separated string. */
function roleFrom(claim: unknown): Role | undefined {
  const roles = Array.isArray(claim) ? claim.filter((r): r is string => typeof r === 'string') : typeof claim === 'string' ? claim.split(/\s+/) : [];
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('viewer')) return 'viewer';
  return undefined;
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

  constructor(private readonly config: OidcConfig) {
    // jose caches the key set and refetches it (at most every 30 s) when a token names an unknown key.
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  }

  async verify(token: string): Promise<JwtOutcome> {
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
      // jose bounds the age; this refuses at once a token minted to outlive the bound (`exp` years away).
      if (typeof payload.exp === 'number' && typeof payload.iat === 'number' && payload.exp - payload.iat > this.config.maxTokenAgeSeconds) {
        return { ok: false, reason: 'lives too long' };
      }
      const role = roleFrom(claimAt(payload, this.config.rolesClaim));
      const name = oidcCallerName(claimAt(payload, this.config.nameClaim), payload.sub);
      if (role === undefined || name === undefined) return { ok: false, reason: role === undefined ? 'no role' : 'claim check failed' };
      return { ok: true, caller: { name, role } };
    } catch (error) {
      return { ok: false, reason: rejection(error) };
    }
  }
}
