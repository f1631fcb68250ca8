import { useQuery } from '@apollo/client/react';
import { describeError } from '../api/errors';
import { ConsoleMailSessionDocument } from '../generated/graphql';

interface Props {
  readonly token: string;
  readonly onSignOut: () => void;
}

/** The main page: the mail settings form, the connection test and the test e-mail. */
export function SettingsPage({ onSignOut }: Props) {
  const { data, error, loading } = useQuery(ConsoleMailSessionDocument, { fetchPolicy: 'network-only' });
  return (
    <>
      <header className="top">
        <h1>Mail settings</h1>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        {loading && <p>Loading the settings…</p>}
        {error && (
          <p className="notice error" role="alert">
            {describeError(error)}
          </p>
        )}
        {data && (
          <>
            <p className="version">Version {data.mailSession.version}</p>
            <h2>Outgoing server (SMTP)</h2>
            <h2>Incoming server (POP3 or IMAP)</h2>
          </>
        )}
      </main>
    </>
  );
}
