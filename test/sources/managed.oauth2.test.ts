import { storedState } from '../api/mail-session.operations';
import { allRevisions } from '../history/history.operations';
import { testSecretKey } from '../support/test-app';
import { sourceFromEnvironment, useSourceApps } from './sources.support';

/* Issue 15: MAIL_<SIDE>_AUTHENTICATION and MAIL_<SIDE>_OAUTH2_* give a server's OAuth 2.0 client at start. */

const CLIENT_SECRET = 'env-client-secret-7c1e';
const BASE = {
  MAIL_SESSION_MANAGED: 'true',
  MAIL_OUTGOING_HOST: 'smtp.office365.com',
  MAIL_OUTGOING_PORT: '587',
  MAIL_OUTGOING_SECURITY: 'STARTTLS',
  MAIL_OUTGOING_USER: 'app@contoso.example',
  MAIL_OUTGOING_AUTHENTICATION: 'oauth2',
  MAIL_OUTGOING_OAUTH2_GRANT: 'CLIENT_CREDENTIALS',
  MAIL_OUTGOING_OAUTH2_TOKEN_URL: 'https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token',
  MAIL_OUTGOING_OAUTH2_CLIENT_ID: 'client-1',
  MAIL_OUTGOING_OAUTH2_SCOPE: 'https://outlook.office365.com/.default',
  MAIL_OUTGOING_OAUTH2_CLIENT_SECRET: CLIENT_SECRET,
};
const READ = `{ mailSession { version outgoing { authentication oauth2 { grant tokenUrl clientId scope clientSecretSet refreshTokenSet privateKeySet token { state } } }
  transports { outgoing { state lastError } } } }`;

interface Read {
  mailSession: {
    version: number;
    outgoing: { authentication: string; oauth2: Record<string, unknown> | null };
    transports: { outgoing: { state: string; lastError: string | null } };
  };
}

describe('OAuth 2.0 from the MAIL_* variables (managed)', () => {
  const rig = useSourceApps({ secretKey: testSecretKey() });
  const restart = (variables: Record<string, string>) => rig.restart(sourceFromEnvironment(variables));

  it('applies the client and stores the secret encrypted; the transport signs in with tokens, never shows the secret', async () => {
    const app = await restart(BASE);
    const read = await app.gql<Read>(READ);
    expect(read.data?.mailSession).toEqual({
      version: 1,
      outgoing: {
        authentication: 'OAUTH2',
        oauth2: {
          grant: 'CLIENT_CREDENTIALS',
          tokenUrl: BASE.MAIL_OUTGOING_OAUTH2_TOKEN_URL,
          clientId: 'client-1',
          scope: 'https://outlook.office365.com/.default',
          clientSecretSet: true,
          refreshTokenSet: false,
          privateKeySet: false,
          // The first token is fetched in the background (here: a host this test cannot reach).
          token: { state: expect.stringMatching(/^(NONE|REFRESHING|FAILED)$/) as unknown },
        },
      },
      transports: { outgoing: expect.objectContaining({ state: expect.stringMatching(/^(READY|FAILED)$/) as unknown }) as unknown },
    });
    expect(JSON.stringify(read)).not.toContain(CLIENT_SECRET);
    const { row } = await storedState(rig.db);
    expect(String(row.outgoing_oauth2_client_secret)).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(CLIENT_SECRET);
  });

  it('creates no new version on a restart with the same client secret, and asks for nothing when only the secret changes', async () => {
    await restart(BASE);
    await restart(BASE);
    expect((await storedState(rig.db)).revisions).toBe(1);
    const app = await restart({ ...BASE, MAIL_OUTGOING_OAUTH2_CLIENT_SECRET: 'rotated-secret' });
    const [latest] = await allRevisions(app);
    expect(latest?.changes).toEqual([{ __typename: 'SecretFieldChange', field: ['outgoing', 'oauth2', 'clientSecret'], change: 'CHANGED' }]);
  });

  it('removes the client when the variables no longer give it', async () => {
    await restart(BASE);
    const { MAIL_OUTGOING_AUTHENTICATION: _a, MAIL_OUTGOING_OAUTH2_CLIENT_SECRET: _s, ...rest } = BASE;
    const app = await restart(rest);
    const read = await app.gql<Read>(READ);
    expect(read.data?.mailSession.outgoing).toEqual({ authentication: 'PASSWORD', oauth2: null });
    const { row } = await storedState(rig.db);
    expect(row.outgoing_oauth2_client_secret).toBeNull();
  });

  it('refuses to start with an http token URL, naming the variable', async () => {
    await expect(restart({ ...BASE, MAIL_OUTGOING_OAUTH2_TOKEN_URL: 'http://login.example.com/token' })).rejects.toThrow(/MAIL_OUTGOING_OAUTH2_TOKEN_URL/);
  });
});
