import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import { xoauth2ErrorText, xoauth2Response } from './xoauth2.js';

/** The part of nodemailer's custom authentication context this handler uses. */
interface SmtpAuthContext {
  /** The mechanisms the server offers (EHLO AUTH). */
  authMethods: string[];
  sendCommand(command: string): Promise<{ status: number; response: string; text: string }>;
}

/**
 * The name the handler is registered under in nodemailer's `customAuth`. Not `XOAUTH2`: for that
 * name nodemailer 10 (SMTPConnection.login) swaps in the first mechanism the server offers when
 * it has no XOAUTH2 token generator of its own, so a server offering `PLAIN LOGIN XOAUTH2` would
 * be asked for PLAIN with an empty password. The handler itself sends `AUTH XOAUTH2`.
 */
export const SERVICE_XOAUTH2 = 'SERVICE-XOAUTH2';

/** Why a token sign-in failed; its message names the server's refusal or the token source's error, never a token. */
export class SmtpTokenAuthError extends Error {
  readonly code = 'EAUTH';
  constructor(
    message: string,
    /** true: the server refused a token; false: no token could be obtained. */
    readonly refusedByServer: boolean,
  ) {
    super(message);
    this.name = 'SmtpTokenAuthError';
  }
}

/** What the handler reports after each sign-in, for the transport's state. */
export interface TokenAuthOutcome {
  ok: boolean;
  /** Safe text: the server's refusal or the token source's error. */
  error: string | null;
  /** Every token this sign-in used, to be masked out of any text a caller sees. */
  tokens: string[];
}

/** One XOAUTH2 exchange: `AUTH XOAUTH2 <b64>`; a 334 error challenge is answered with an empty line. */
async function exchange(context: SmtpAuthContext, user: string, token: string): Promise<{ ok: boolean; refusal: string }> {
  const reply = await context.sendCommand(`AUTH XOAUTH2 ${xoauth2Response(user, token)}`);
  if (reply.status === 235) return { ok: true, refusal: '' };
  if (reply.status === 334) {
    const refusal = xoauth2ErrorText(reply.text);
    const final = await context.sendCommand('');
    return { ok: final.status === 235, refusal: `${refusal}; ${final.status}` };
  }
  return { ok: false, refusal: `the server refused the access token (${reply.status})` };
}

async function fetchToken(tokens: AccessTokenSource): Promise<string> {
  try {
    return await tokens.token();
  } catch (error) {
    const status = tokens.status();
    throw new SmtpTokenAuthError(`no access token: ${status.lastError ?? (error instanceof Error ? error.name : 'the token endpoint failed')}`, false);
  }
}

/**
 * nodemailer's custom XOAUTH2 handler: the service owns the tokens. It signs in with the source's
 * token; when the server refuses it, it rejects that token (evicting it from the cache) and tries
 * once more with a fresh one. A second refusal fails the sign-in (EAUTH).
 */
export function smtpXoauth2Handler(user: string, tokens: AccessTokenSource, report: (outcome: TokenAuthOutcome) => void) {
  return async (context: SmtpAuthContext): Promise<void> => {
    const used: string[] = [];
    try {
      if (!context.authMethods.map((m) => m.toUpperCase()).includes('XOAUTH2')) {
        throw new SmtpTokenAuthError(
          `the server does not offer XOAUTH2 (it offers ${context.authMethods.join(', ') || 'no authentication'}), which OAuth 2.0 sign-in needs`,
          true,
        );
      }
      const first = await fetchToken(tokens);
      used.push(first);
      const firstTry = await exchange(context, user, first);
      if (firstTry.ok) {
        report({ ok: true, error: null, tokens: used });
        return;
      }
      tokens.reject(first);
      const second = await fetchToken(tokens);
      used.push(second);
      const secondTry = await exchange(context, user, second);
      if (secondTry.ok) {
        report({ ok: true, error: null, tokens: used });
        return;
      }
      tokens.reject(second);
      throw new SmtpTokenAuthError(`XOAUTH2 sign-in failed twice with fresh tokens: ${secondTry.refusal}`, true);
    } catch (error) {
      const failure = error instanceof SmtpTokenAuthError ? error : new SmtpTokenAuthError('XOAUTH2 sign-in failed: the connection broke', true);
      report({ ok: false, error: failure.message, tokens: used });
      throw failure;
    }
  };
}
