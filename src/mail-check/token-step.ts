import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import { CheckFailure, type StepRecorder } from './check-step.js';

/**
 * The TOKEN step of an OAuth 2.0 server: an access token from the server's token source, or the
 * provider's error (TOKEN_FAILED). The token itself is concealed from every later step. Answers
 * the token, or undefined when the step failed.
 */
export async function tokenStep(recorder: StepRecorder, user: string, tokens: AccessTokenSource): Promise<string | undefined> {
  let token: string | undefined;
  await recorder.run('TOKEN', async () => {
    try {
      token = await tokens.token();
    } catch {
      throw new CheckFailure('TOKEN_FAILED', `no access token: ${tokens.status().lastError ?? 'the token endpoint failed'}`);
    }
    recorder.conceal({ user, pass: token });
    const { expiresAt } = tokens.status();
    return { message: `obtained an access token${expiresAt ? `, valid until ${expiresAt.toISOString()}` : ''}` };
  });
  return token;
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
  tokens.reject(first);
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
  const second = await attempt(fresh);
  if (!second.ok) tokens.reject(fresh);
  return { ...second, retried: true };
}
