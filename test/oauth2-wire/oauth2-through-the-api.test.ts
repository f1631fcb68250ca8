import { randomBytes } from 'node:crypto';
import { onlyError, updateOk } from '../api/mail-session.operations';
import { SEND_TEST_EMAIL } from '../mail-check/operations';
import { startXoauth2SmtpPeer, type Xoauth2SmtpPeer } from '../support/xoauth2-smtp-peer';
import { TestTokenEndpoint, type TokenHandler } from '../support/token-endpoint';
import { waitUntil } from '../support/wait-until';
import { forgetGrants, oauth2OutgoingInput, useAppTrustingEndpoint } from './oauth2-wire.support';

/*
 * Issue 15 end to end, through the API, with real peers: a token endpoint over HTTPS whose
 * certificate a CA made in this test issued (trusted through the mailTlsCa option, as
 * MAIL_TLS_CA_FILE), and an smtp-server that offers XOAUTH2 only and accepts exactly the tokens
 * that endpoint issued and the test has not revoked.
 */

const USER = 'mailer@oauth.test';
const CLIENT_ID = 'client-it';
const CLIENT_SECRET = `client-secret-${randomBytes(12).toString('hex')}`;
const WRONG_SECRET = `wrong-secret-${randomBytes(12).toString('hex')}`;
const SCOPE = 'https://outlook.office365.com/.default';

let endpoint: TestTokenEndpoint;
/** Accepts the tokens in `peer.accepted` (issued by the endpoint, not revoked); `peer.offered` in order. */
let peer: Xoauth2SmtpPeer;

/** Issues a fresh random token per grant, valid for an hour, and lets the SMTP peer accept it. */
const issueAccepted: TokenHandler = (grant) => {
  const token = `at-${randomBytes(16).toString('base64url')}`;
  peer.accepted.add(token);
  return {
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 3600, scope: grant.form.scope }),
  };
};

/** Microsoft Entra ID's answer to a wrong client secret. */
const refuseClient: TokenHandler = () => ({
  status: 401,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({
    error: 'invalid_client',
    error_description: 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
    error_codes: [7000215],
  }),
});

// Before the app starts: it is given the endpoint's CA at its start.
beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
  peer = await startXoauth2SmtpPeer(USER, SCOPE);
});

afterAll(async () => {
  await Promise.all([peer?.close(), endpoint?.stop()]);
});

const t = useAppTrustingEndpoint(() => endpoint);

beforeEach(() => {
  endpoint.handler = issueAccepted;
  forgetGrants(endpoint, peer);
});

function outgoingOAuth2(clientSecret: string) {
  return oauth2OutgoingInput(peer, USER, { grant: 'CLIENT_CREDENTIALS', tokenUrl: endpoint.url(), clientId: CLIENT_ID, clientSecret, scope: SCOPE });
}

const READ = `query { mailSession {
  outgoing { authentication oauth2 { grant clientId clientSecretSet token { state expiresAt lastError } } }
  transports { outgoing { state lastError } }
} }`;

interface Read {
  mailSession: {
    outgoing: {
      authentication: string;
      oauth2: {
        grant: string;
        clientId: string;
        clientSecretSet: boolean;
        token: { state: string; expiresAt: string | null; lastError: string | null };
      } | null;
    };
    transports: { outgoing: { state: string; lastError: string | null } };
  };
}

async function read(): Promise<Read['mailSession']> {
  const result = await t.gql<Read>(READ);
  expect(result.errors).toBeUndefined();
  if (!result.data) throw new Error(`no data: ${JSON.stringify(result)}`);
  return result.data.mailSession;
}

async function untilTokenState(state: string): Promise<Read['mailSession']> {
  let last: Read['mailSession'] | undefined;
  await waitUntil(`oauth2.token.state is ${state} (last: ${JSON.stringify(last)})`, async () => {
    last = await read();
    return last.outgoing.oauth2?.token.state === state;
  });
  if (!last) throw new Error('no read');
  return last;
}

const TEST_WITH_TOKEN = `
  mutation TestMailSession($input: TestMailSessionInput!) {
    testMailSession(input: $input) {
      ok
      outgoing { ok steps { name ok skipped code message authMechanism token { endpoint reached tlsVerified grantAccepted scopeGranted expiresAt } } }
    }
  }
`;

interface TokenStepView {
  name: string;
  ok: boolean;
  skipped: boolean;
  code: string | null;
  message: string;
  authMechanism: string | null;
  token: { endpoint: string; reached: boolean; tlsVerified: boolean; grantAccepted: boolean; scopeGranted: string | null; expiresAt: string | null } | null;
}

describe('OAuth 2.0 sign-in through the API (CLIENT_CREDENTIALS, XOAUTH2-only SMTP server)', () => {
  it('an OAUTH2 server becomes READY with a VALID token, and sendTestEmail delivers with it (one grant)', async () => {
    await updateOk(t, outgoingOAuth2(CLIENT_SECRET));
    const settled = await untilTokenState('VALID');
    expect(settled.transports.outgoing).toEqual({ state: 'READY', lastError: null });
    expect(settled.outgoing.oauth2).toMatchObject({ grant: 'CLIENT_CREDENTIALS', clientId: CLIENT_ID, clientSecretSet: true });
    expect(Date.parse(settled.outgoing.oauth2?.token.expiresAt ?? '')).toBeGreaterThan(Date.now() + 50 * 60_000);

    const sent = await t.gql<{ sendTestEmail: { accepted: string[] } }>(SEND_TEST_EMAIL, { to: 'admin@example.org' });
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.sendTestEmail.accepted).toEqual(['admin@example.org']);
    await peer.waitFor(1);
    expect(peer.received.at(-1)?.user).toBe(USER);

    expect(endpoint.grants).toHaveLength(1);
    expect(endpoint.grants[0]?.form).toMatchObject({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: SCOPE });
    expect(peer.offered).toEqual([...peer.accepted]);
  });

  it('testMailSession with an OAUTH2 candidate: a TOKEN step (TLS verified, scope, expiry), then AUTHENTICATION with XOAUTH2', async () => {
    const result = await t.gql<{ testMailSession: { ok: boolean; outgoing: { ok: boolean; steps: TokenStepView[] } } }>(TEST_WITH_TOKEN, {
      input: { settings: outgoingOAuth2(CLIENT_SECRET) },
    });
    expect(result.errors).toBeUndefined();
    const report = result.data?.testMailSession.outgoing;
    const steps = report?.steps ?? [];
    const names = steps.filter((step) => !step.skipped).map((step) => `${step.name}:${step.ok ? 'ok' : step.code}`);
    expect(names.indexOf('TOKEN:ok')).toBeGreaterThan(-1);
    expect(names.indexOf('AUTHENTICATION:ok')).toBeGreaterThan(names.indexOf('TOKEN:ok'));
    const token = steps.find((step) => step.name === 'TOKEN')?.token;
    expect(token).toMatchObject({ endpoint: `127.0.0.1:${endpoint.port}`, reached: true, tlsVerified: true, grantAccepted: true, scopeGranted: SCOPE });
    expect(Date.parse(token?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(steps.find((step) => step.name === 'AUTHENTICATION')?.authMechanism).toBe('XOAUTH2');
    expect(report?.ok).toBe(true);
    // The candidate was tested, not saved: its token is no live transport's.
    expect(endpoint.grants.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(result)).not.toContain(CLIENT_SECRET);
    for (const issued of peer.accepted) expect(JSON.stringify(result)).not.toContain(issued);
  });

  it('a revoked token: the server refuses it, the transport fetches one fresh token and delivers', async () => {
    await updateOk(t, outgoingOAuth2(CLIENT_SECRET));
    await untilTokenState('VALID');
    expect(endpoint.grants).toHaveLength(1);
    const [revoked] = [...peer.accepted];
    if (revoked === undefined) throw new Error('no token was issued');
    peer.accepted.delete(revoked);

    const sent = await t.gql<{ sendTestEmail: { accepted: string[] } }>(SEND_TEST_EMAIL, { to: 'admin@example.org' });
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.sendTestEmail.accepted).toEqual(['admin@example.org']);
    expect(endpoint.grants).toHaveLength(2);
    expect(peer.offered).toEqual([revoked, ...peer.accepted]);
    expect((await read()).transports.outgoing).toEqual({ state: 'READY', lastError: null });
  });

  it('invalid_client: the transport is FAILED with the provider code and AADSTS code, and the secret is nowhere', async () => {
    endpoint.handler = refuseClient;
    await updateOk(t, outgoingOAuth2(WRONG_SECRET));
    const settled = await untilTokenState('FAILED');
    expect(settled.transports.outgoing.state).toBe('FAILED');
    expect(settled.transports.outgoing.lastError).toContain('invalid_client');
    expect(settled.transports.outgoing.lastError).toContain('AADSTS7000215');
    expect(settled.outgoing.oauth2?.token.lastError).toContain('AADSTS7000215');

    const delivered = peer.received.length;
    const error = onlyError(await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.org' }));
    expect(error.extensions).toMatchObject({ code: 'SEND_FAILED', reason: 'TOKEN_FAILED' });
    expect(error.message).toContain('AADSTS7000215');
    expect(peer.received).toHaveLength(delivered);
    expect(peer.offered).toHaveLength(0);

    const [row] = await t.db.query('SELECT * FROM mail_session WHERE id = 1');
    const revisions = await t.db.query('SELECT * FROM mail_session_revision');
    for (const text of [JSON.stringify(settled), JSON.stringify(error), t.logs.text, JSON.stringify(row), JSON.stringify(revisions)]) {
      expect(text).not.toContain(WRONG_SECRET);
    }
  });
});

describe('the TOKEN step of a refused client', () => {
  it('fails TOKEN with the provider error and skips AUTHENTICATION', async () => {
    endpoint.handler = refuseClient;
    const result = await t.gql<{ testMailSession: { outgoing: { ok: boolean; steps: TokenStepView[] } } }>(TEST_WITH_TOKEN, {
      input: { settings: outgoingOAuth2(WRONG_SECRET) },
    });
    expect(result.errors).toBeUndefined();
    const steps = result.data?.testMailSession.outgoing.steps ?? [];
    const tokenStep = steps.find((step) => step.name === 'TOKEN');
    expect(tokenStep).toMatchObject({ ok: false, code: 'TOKEN_FAILED', token: { reached: true, tlsVerified: true, grantAccepted: false } });
    expect(tokenStep?.message).toContain('AADSTS7000215');
    expect(steps.find((step) => step.name === 'AUTHENTICATION')?.ok).not.toBe(true);
    expect(peer.offered).toHaveLength(0);
    expect(JSON.stringify(result)).not.toContain(WRONG_SECRET);
  });
});
