import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { importSPKI, jwtVerify } from 'jose';
import { onlyError, updateOk } from '../api/mail-session.operations';
import { SEND_TEST_EMAIL } from '../mail-check/operations';
import { exportProperties, importProperties } from '../sources/import-export.operations';
import { TestTokenEndpoint, type ReceivedGrant, type TokenAnswer } from '../support/token-endpoint';
import { waitUntil } from '../support/wait-until';
import { startXoauth2SmtpPeer, type Xoauth2SmtpPeer } from '../support/xoauth2-smtp-peer';
import { forgetGrants, oauth2OutgoingInput, useAppTrustingEndpoint } from './oauth2-wire.support';

/*
 * Issue 15 through the API, with real peers: the REFRESH_TOKEN grant (Google user consent) and
 * the JWT_BEARER grant (a Google service account: the endpoint verifies the signed assertion with
 * the public key of a key pair made here) sign in to an XOAUTH2-only SMTP server; and Liferay's
 * properties against an OAUTH2 server: the export says OAuth 2.0 is configured and carries none
 * of it, importing it back leaves the client as it is, and a file that moves the server is
 * refused until the client's secret is given again.
 */

const USER = 'mailer@oauth.test';
const SCOPE = 'https://mail.google.com/';
const CLIENT_SECRET = `client-secret-${randomBytes(12).toString('hex')}`;
const REFRESH_TOKEN = `1//refresh-${randomBytes(16).toString('hex')}`;
const SERVICE_ACCOUNT = 'mailer-sa@project-1.iam.gserviceaccount.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let endpoint: TestTokenEndpoint;
let peer: Xoauth2SmtpPeer;

function tokenFor(grant: ReceivedGrant): TokenAnswer {
  const token = `ya29.${randomBytes(16).toString('base64url')}`;
  peer.accepted.add(token);
  return { status: 200, body: JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 3599, scope: grant.form.scope ?? SCOPE }) };
}

const invalidGrant: TokenAnswer = { status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: 'Bad Request' }) };

/** Google's token endpoint, as far as these grants go: a refresh token it issued, or an assertion its service account signed. */
async function google(grant: ReceivedGrant): Promise<TokenAnswer> {
  if (grant.form.grant_type === 'refresh_token') {
    const ok = grant.form.refresh_token === REFRESH_TOKEN && grant.form.client_id === 'installed-app' && grant.form.client_secret === CLIENT_SECRET;
    return ok ? tokenFor(grant) : invalidGrant;
  }
  if (grant.form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    try {
      const { payload } = await jwtVerify(grant.form.assertion ?? '', await importSPKI(publicKey, 'RS256'), {
        issuer: SERVICE_ACCOUNT,
        subject: USER,
        audience: endpoint.url(),
        maxTokenAge: '1h',
      });
      return payload.scope === SCOPE ? tokenFor(grant) : invalidGrant;
    } catch {
      return invalidGrant;
    }
  }
  return { status: 400, body: JSON.stringify({ error: 'unsupported_grant_type' }) };
}

beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
  endpoint.handler = google;
  peer = await startXoauth2SmtpPeer(USER, SCOPE);
});

afterAll(async () => {
  const closed = peer?.close();
  await peer?.dropConnections();
  await Promise.all([closed, endpoint?.stop()]);
});

const t = useAppTrustingEndpoint(() => endpoint);

beforeEach(() => forgetGrants(endpoint, peer));

function outgoing(oauth2: Record<string, unknown>) {
  return oauth2OutgoingInput(peer, USER, { tokenUrl: endpoint.url(), scope: SCOPE, ...oauth2 });
}

const READ = `query { mailSession {
  version
  outgoing { host authentication oauth2 { grant clientId scope serviceAccountEmail clientSecretSet refreshTokenSet privateKeySet token { state lastError } } }
  transports { outgoing { state lastError } }
} }`;

interface Read {
  mailSession: {
    version: number;
    outgoing: {
      host: string | null;
      authentication: string;
      oauth2: {
        grant: string;
        clientId: string;
        scope: string | null;
        serviceAccountEmail: string | null;
        clientSecretSet: boolean;
        refreshTokenSet: boolean;
        privateKeySet: boolean;
        token: { state: string; lastError: string | null };
      } | null;
    };
    transports: { outgoing: { state: string; lastError: string | null } };
  };
}

async function untilValid(): Promise<Read['mailSession']> {
  let last: Read['mailSession'] | undefined;
  await waitUntil(`the token is VALID (last: ${JSON.stringify(last)})`, async () => {
    last = (await t.gql<Read>(READ)).data?.mailSession;
    return last?.outgoing.oauth2?.token.state === 'VALID';
  });
  if (!last) throw new Error('no read');
  return last;
}

async function sendsWithXoauth2(): Promise<void> {
  const sent = await t.gql<{ sendTestEmail: { accepted: string[] } }>(SEND_TEST_EMAIL, { to: 'admin@example.org' });
  expect(sent.errors).toBeUndefined();
  expect(sent.data?.sendTestEmail.accepted).toEqual(['admin@example.org']);
  expect(peer.offered).toHaveLength(1);
  expect(peer.accepted.has(peer.offered[0] ?? '')).toBe(true);
}

/** No secret in any answer, log line, settings row or history row. */
async function nowhere(secrets: readonly string[], answers: unknown[]): Promise<void> {
  const [row] = await t.db.query('SELECT * FROM mail_session WHERE id = 1');
  const revisions = await t.db.query('SELECT * FROM mail_session_revision');
  const texts = [...answers.map((answer) => JSON.stringify(answer)), t.logs.text, JSON.stringify(row), JSON.stringify(revisions)];
  for (const secret of secrets) for (const text of texts) expect(text).not.toContain(secret);
}

describe('the grants through the API', () => {
  it('REFRESH_TOKEN: the refresh token and client secret are sent to the endpoint, the token signs in; neither is shown or stored in clear', async () => {
    const saved = await updateOk(t, outgoing({ grant: 'REFRESH_TOKEN', clientId: 'installed-app', clientSecret: CLIENT_SECRET, refreshToken: REFRESH_TOKEN }));
    const settled = await untilValid();
    expect(settled.outgoing.oauth2).toMatchObject({ grant: 'REFRESH_TOKEN', clientSecretSet: true, refreshTokenSet: true, privateKeySet: false });
    expect(settled.transports.outgoing).toEqual({ state: 'READY', lastError: null });
    expect(endpoint.grants).toHaveLength(1);
    expect(endpoint.grants[0]?.form).toEqual({
      grant_type: 'refresh_token',
      client_id: 'installed-app',
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH_TOKEN,
      scope: SCOPE,
    });
    await sendsWithXoauth2();
    await nowhere([REFRESH_TOKEN, CLIENT_SECRET, ...peer.accepted], [saved, settled]);
  });

  it('REFRESH_TOKEN revoked by the provider (invalid_grant): FAILED naming it, no password fallback', async () => {
    await updateOk(t, outgoing({ grant: 'REFRESH_TOKEN', clientId: 'installed-app', clientSecret: CLIENT_SECRET, refreshToken: `${REFRESH_TOKEN}-revoked` }));
    let last: Read['mailSession'] | undefined;
    await waitUntil('the token is FAILED', async () => {
      last = (await t.gql<Read>(READ)).data?.mailSession;
      return last?.outgoing.oauth2?.token.state === 'FAILED';
    });
    expect(last?.outgoing.oauth2?.token.lastError).toContain('invalid_grant');
    expect(last?.transports.outgoing.state).toBe('FAILED');
    expect(onlyError(await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.org' })).extensions).toMatchObject({ code: 'SEND_FAILED', reason: 'TOKEN_FAILED' });
    expect(peer.offered).toEqual([]);
  });

  it("JWT_BEARER: an RS256 assertion signed with the service account's key (iss, sub = the mailbox, aud = token URL, scope) is accepted; the key is never shown", async () => {
    const saved = await updateOk(t, outgoing({ grant: 'JWT_BEARER', clientId: '104857600000000000001', serviceAccountEmail: SERVICE_ACCOUNT, privateKey }));
    const settled = await untilValid();
    expect(settled.outgoing.oauth2).toMatchObject({ grant: 'JWT_BEARER', serviceAccountEmail: SERVICE_ACCOUNT, privateKeySet: true, clientSecretSet: false });
    expect(endpoint.grants).toHaveLength(1);
    expect(endpoint.grants[0]?.form.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    await sendsWithXoauth2();
    const keyBody = privateKey.split('\n')[1] ?? privateKey;
    await nowhere([keyBody, endpoint.grants[0]?.form.assertion ?? 'no assertion', ...peer.accepted], [saved, settled]);
  });

  it('JWT_BEARER with a key of another service account: the endpoint refuses the assertion (invalid_grant), the server is never asked', async () => {
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await updateOk(t, outgoing({ grant: 'JWT_BEARER', clientId: '104857600000000000001', serviceAccountEmail: SERVICE_ACCOUNT, privateKey: other.privateKey }));
    await waitUntil('the token is FAILED', async () => (await t.gql<Read>(READ)).data?.mailSession.outgoing.oauth2?.token.state === 'FAILED');
    expect(onlyError(await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.org' })).extensions).toMatchObject({ reason: 'TOKEN_FAILED' });
    expect(peer.offered).toEqual([]);
  });
});

describe("Liferay's properties against an OAUTH2 server", () => {
  const CLIENT = { grant: 'REFRESH_TOKEN', clientId: 'installed-app', clientSecret: CLIENT_SECRET, refreshToken: REFRESH_TOKEN };

  it('the export says OAuth 2.0 is configured, with none of its fields or secrets; importing it back changes nothing and the token stays VALID', async () => {
    const saved = await updateOk(t, outgoing(CLIENT));
    await untilValid();
    const text = await exportProperties(t);
    expect(text).toContain(
      '# The outgoing server signs in with OAuth 2.0 (grant REFRESH_TOKEN), which these properties cannot express: it is not exported, nor are its secrets, and importing this file leaves it as it is.',
    );
    for (const hidden of [CLIENT_SECRET, REFRESH_TOKEN, 'installed-app', endpoint.url(), SCOPE]) expect(text).not.toContain(hidden);

    const imported = await importProperties(t, text);
    expect(imported.errors).toBeUndefined();
    const after = await untilValid();
    expect(after.version).toBe(saved.mailSession.version);
    expect(after.outgoing).toMatchObject({ authentication: 'OAUTH2', oauth2: { grant: 'REFRESH_TOKEN', clientSecretSet: true, refreshTokenSet: true } });
    expect(endpoint.grants).toHaveLength(1);
    await sendsWithXoauth2();
  });

  it('a file that moves the server (another host) is refused until the OAuth 2.0 secret is given again: the stored refresh token is never sent elsewhere', async () => {
    const saved = await updateOk(t, outgoing(CLIENT));
    await untilValid();
    const error = onlyError(await importProperties(t, 'mail.session.mail.smtp.host=smtp.attacker.example\n'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('outgoing.host');
    expect(JSON.stringify(error)).toMatch(/refreshToken/);
    const after = (await t.gql<Read>(READ)).data?.mailSession;
    expect(after?.version).toBe(saved.mailSession.version);
    expect(after?.outgoing.host).toBe('127.0.0.1');
  });

  it('a file with a password for the OAUTH2 server stores it but still signs in with the token (OAUTH2 stays; no password is ever sent)', async () => {
    await updateOk(t, outgoing(CLIENT));
    await untilValid();
    const imported = await importProperties(t, 'mail.session.mail.smtp.password=liferay-password-1\n');
    expect(imported.errors).toBeUndefined();
    expect(imported.data?.importMailSessionProperties.mailSession.outgoing).toMatchObject({ passwordSet: true });
    expect((await untilValid()).outgoing).toMatchObject({ authentication: 'OAUTH2', oauth2: { refreshTokenSet: true } });
    await sendsWithXoauth2();
  });
});
