import { useId, useState, type SyntheticEvent } from 'react';
import type { ConsoleConfig } from '../api/console-config';
import { startOidcSignIn } from './oidc-pkce';

interface Props {
  readonly config: ConsoleConfig;
  /** Why the last session ended (a refused token), shown above the form. */
  readonly notice: string | undefined;
  readonly onToken: (token: string) => void;
}

/** Sign in by pasting an access token, or at the identity provider when OIDC is configured. */
export function SignInPage({ config, notice, onToken }: Props) {
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<string>();
  const tokenId = useId();
  const helpId = useId();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (token.trim() !== '') onToken(token.trim());
  };
  const oidc = config.oidc;
  return (
    <main className="sign-in">
      <h1>Mail settings</h1>
      {notice !== undefined && (
        <p className="notice error" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-label="Sign in with a token">
        <label htmlFor={tokenId}>Access token</label>
        <input
          id={tokenId}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={helpId}
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <p id={helpId} className="help">
          An admin or viewer token from <code>AUTH_TOKENS</code> (in development the one the service printed at start), or an OpenID Connect access token. It is
          kept in this tab only, until it is closed.
        </p>
        <button type="submit" disabled={token.trim() === ''}>
          Sign in
        </button>
      </form>
      {oidc && (
        <section aria-label="Single sign-on">
          <button
            type="button"
            onClick={() => {
              startOidcSignIn(oidc).catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
            }}
          >
            Sign in with {new URL(oidc.issuer).host}
          </button>
          {failure !== undefined && (
            <p className="notice error" role="alert">
              {failure}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
