import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import type { TokenCheck, TokenCheckResult } from '../oauth2/token-check.js';
import { CheckFailure, type StepRecorder, type TokenDetails } from './check-step.js';

/** The OAuth 2.0 sign-in of one server, as the connections carry it. */
interface ServerTokens {
  user: string;
  tokens: AccessTokenSource;
  check?: TokenCheck;
}

function details(result: TokenCheckResult): TokenDetails {
  return {
    endpoint: result.endpoint,
    reached: result.reached,
    tlsVerified: result.tlsVerified,
    grantAccepted: result.grantAccepted,
    scopeGranted: result.scopeGranted,
    expiresAt: result.expiresAt,
  };
}

/**
 * The TOKEN step of an OAuth 2.0 server: an access token, with what obtaining it showed (the
 * endpoint reached, its TLS verified, the grant accepted, the scope granted, the expiry) when the
 * token cache offers a detailed fetch (`check`), else what the cache's status says. Failure:
 * TOKEN_FAILED with the provider's error. The token is concealed from every step from here on.
 * Answers the token, or undefined when the step failed.
 */
export async function tokenStep(recorder: StepRecorder, server: ServerTokens): Promise<string | undefined> {
  let token: string | undefined;
  await recorder.run('TOKEN', async (_limit, signal) => {
    if (server.check) {
      const result = await server.check(signal);
      if (result.token !== undefined) recorder.conceal({ user: server.user, pass: result.token });
      if (!result.grantAccepted || result.token === undefined) {
        const where = !result.reached
          ? 'the token endpoint was not reached'
          : !result.tlsVerified
            ? "the token endpoint's certificate did not verify"
            : 'the grant was refused';
        throw new CheckFailure('TOKEN_FAILED', `no access token from ${result.endpoint}: ${where}: ${result.error ?? 'no error given'}`, {
          token: details(result),
        });
      }
      token = result.token;
      return {
        message: `obtained an access token from ${result.endpoint} (TLS verified)${result.scopeGranted ? `, scope ${result.scopeGranted}` : ', no scope named'}${result.expiresAt ? `, valid until ${result.expiresAt.toISOString()}` : ', no expiry given'}`,
        details: { token: details(result) },
      };
    }
    try {
      token = await server.tokens.token();
    } catch {
      throw new CheckFailure('TOKEN_FAILED', `no access token: ${server.tokens.status().lastError ?? 'the token endpoint failed'}`);
    }
    recorder.conceal({ user: server.user, pass: token });
    const { expiresAt } = server.tokens.status();
    return { message: `obtained an access token${expiresAt ? `, valid until ${expiresAt.toISOString()}` : ''}` };
  });
  return token;
}

/**
 * After the server refused `refused`: rejects it (the cache evicts it unless a newer one replaced
 * it already) and answers a fresh token, concealed from every step from here on. Throws
 * TOKEN_FAILED when no fresh token can be obtained.
 */
export async function freshToken(recorder: StepRecorder, user: string, tokens: AccessTokenSource, refused: string): Promise<string> {
  tokens.reject(refused);
  let fresh: string;
  try {
    fresh = await tokens.token();
  } catch {
    throw new CheckFailure(
      'TOKEN_FAILED',
      `the server refused the access token and no fresh one could be obtained: ${tokens.status().lastError ?? 'the token endpoint failed'}`,
    );
  }
  recorder.conceal({ user, pass: fresh });
  return fresh;
}

/**
 * Signs in as the live transports do: with `token`; when the server refuses it, rejects it (the
 * cache evicts it) and tries once more with a fresh token. Answers the last attempt's outcome.
 */
export async function withTokenRetry<T extends { ok: boolean }>(
  recorder: StepRecorder,
  user: string,
  tokens: AccessTokenSource,
  first: string,
  attempt: (token: string) => Promise<T>,
): Promise<T & { retried: boolean }> {
  const outcome = await attempt(first);
  if (outcome.ok) return { ...outcome, retried: false };
  const fresh = await freshToken(recorder, user, tokens, first);
  const second = await attempt(fresh);
  if (!second.ok) tokens.reject(fresh);
  return { ...second, retried: true };
}
