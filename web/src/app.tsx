import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useMemo, useState } from 'react';
import { loadConsoleConfig, type ConsoleConfig } from './api/console-config';
import { createConsoleClient } from './api/client';
import { finishOidcSignIn } from './auth/oidc-pkce';
import { SignInPage } from './auth/sign-in-page';
import { clearToken, readToken, saveToken } from './auth/token-store';
import { SettingsPage } from './settings/settings-page';
import { ConsoleShell } from './shell/console-shell';

/** Signed out: the sign-in page. Signed in: the settings, through an Apollo Client holding the token. */
export function App() {
  const [config, setConfig] = useState<ConsoleConfig>();
  const [token, setToken] = useState(readToken);
  const [notice, setNotice] = useState<string>();
  // How often the live socket reopened after dropping: the shell reads the settings version again each time.
  const [reconnects, setReconnects] = useState(0);

  useEffect(() => {
    void loadConsoleConfig().then(async (loaded) => {
      try {
        if (await finishOidcSignIn(loaded.oidc)) setToken(readToken());
      } catch (error) {
        setNotice(error instanceof Error ? error.message : String(error));
      }
      setConfig(loaded);
    });
  }, []);

  const client = useMemo(
    () =>
      token === null
        ? undefined
        : createConsoleClient(
            token,
            () => {
              clearToken();
              setToken(null);
              setNotice('The service did not accept this token (unknown, expired or revoked): sign in again.');
            },
            () => setReconnects((count) => count + 1),
          ),
    [token],
  );

  const signOut = () => {
    clearToken();
    void client?.clearStore();
    setToken(null);
  };

  if (client === undefined || token === null) {
    if (config === undefined) return <p className="loading">Loading…</p>;
    return (
      <SignInPage
        config={config}
        notice={notice}
        onToken={(value) => {
          saveToken(value);
          setNotice(undefined);
          setToken(value);
        }}
      />
    );
  }
  return (
    <ApolloProvider client={client}>
      <ConsoleShell settings={<SettingsPage token={token} onSignOut={signOut} />} onSignOut={signOut} reconnects={reconnects} />
    </ApolloProvider>
  );
}
