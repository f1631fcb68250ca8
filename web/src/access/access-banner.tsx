import type { Access } from './access';

const MANAGED: Readonly<Record<'ENVIRONMENT' | 'FILE', { source: string; how: string }>> = {
  ENVIRONMENT: {
    source: 'the MAIL_* environment variables of the service (MAIL_SESSION_MANAGED=true)',
    how: 'To change them, change those variables where the service is deployed and restart it; they are applied again at every start.',
  },
  FILE: {
    source: 'the properties file named by MAIL_SESSION_PROPERTIES_FILE (MAIL_SESSION_MANAGED=true)',
    how: 'To change them, edit that file where the service is deployed and restart it; it is applied again at every start.',
  },
};

/** Why the page is read-only, when it is: managed settings, or a viewer's token. */
export function AccessBanner({ access }: { readonly access: Access }) {
  const managed = access.source === 'ENVIRONMENT' || access.source === 'FILE' ? MANAGED[access.source] : undefined;
  return (
    <>
      {managed && (
        <div className="notice managed">
          <p>
            <strong>Managed settings, read-only here.</strong> They come from {managed.source}.
          </p>
          <p>{managed.how}</p>
        </div>
      )}
      {access.roles !== undefined && !access.roles.includes('ADMIN') && (
        <div className="notice viewer">
          <p>
            <strong>Read-only:</strong> you are signed in with a token that is not an admin’s. You can read the settings and their history; changing, restoring,
            testing the servers and sending a test e-mail need an admin token.
          </p>
        </div>
      )}
    </>
  );
}
