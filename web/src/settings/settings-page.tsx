import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { describeError } from '../api/errors';
import { tokenEmail } from '../auth/token-claims';
import { ConsoleMailSessionDocument } from '../generated/graphql';
import { SettingsForm } from './settings-form';

interface Props {
  readonly token: string;
  readonly onSignOut: () => void;
}

/** The main page: the mail settings form, the connection test and the test e-mail. */
export function SettingsPage({ token, onSignOut }: Props) {
  const { data, error, loading, refetch } = useQuery(ConsoleMailSessionDocument, { fetchPolicy: 'network-only', notifyOnNetworkStatusChange: false });
  // Bumped to start the form over from the saved settings (after "Load the newer version").
  const [generation, setGeneration] = useState(0);
  const settings = data?.mailSession;
  return (
    <>
      <header className="top">
        <h1>Mail settings</h1>
        {settings && (
          <p className="version">
            Version {settings.version}
            {settings.updatedBy === null ? '' : `, saved by ${settings.updatedBy}`}
          </p>
        )}
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        {loading && !settings && <p>Loading the settings…</p>}
        {error && (
          <p className="notice error" role="alert">
            {describeError(error)}
          </p>
        )}
        {settings && (
          <SettingsForm
            key={`${settings.id}-${generation}`}
            saved={settings}
            userEmail={tokenEmail(token)}
            onReload={async () => {
              await refetch();
              setGeneration((g) => g + 1);
            }}
          />
        )}
      </main>
    </>
  );
}
