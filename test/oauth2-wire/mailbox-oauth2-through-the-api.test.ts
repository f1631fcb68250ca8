import { randomBytes } from 'node:crypto';
import { updateOk } from '../api/mail-session.operations';
import { selfSignedCertificate } from '../support/certificates';
import { dovecotAccessToken, dovecotUnavailable, startDovecot, type DovecotPeer } from '../support/dovecot';
import { useTestApp } from '../support/test-app';
import { TestTokenEndpoint } from '../support/token-endpoint';
import { waitUntil } from '../support/wait-until';

/*
 * Issue 15 end to end for the incoming server: testMailSession through the API signs in to
 * Dovecot (IMAP OAUTHBEARER, POP3 XOAUTH2) with a token the test's HTTPS token endpoint issued
 * (an HS256 JWT Dovecot's oauth2 passdb validates locally), obtained by the app with
 * CLIENT_CREDENTIALS through the network policy and the test's CA.
 */

const unavailable = dovecotUnavailable();
// Under CI=true a missing peer fails the run (.ci/run installs Dovecot).
const mustRun = process.env.CI === 'true';
const describeDovecot = unavailable && !mustRun ? describe.skip : describe;

const KEY = randomBytes(32);
const CLIENT_SECRET = `mailbox-secret-${randomBytes(12).toString('hex')}`;
let dovecot: DovecotPeer;
let endpoint: TestTokenEndpoint;
const issued: string[] = [];
/** Grants to answer with a token signed by a key Dovecot does not trust (counted down). */
let untrustedGrants = 0;

beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
  endpoint.handler = async () => {
    const token = await dovecotAccessToken(dovecot.user, untrustedGrants-- > 0 ? randomBytes(32) : KEY);
    issued.push(token);
    return { status: 200, contentType: 'application/json', body: JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 600 }) };
  };
  if (unavailable && !mustRun) return;
  if (unavailable) throw new Error(`CI=true and the Dovecot peer cannot run: ${unavailable}`);
  const certificate = await selfSignedCertificate({ names: ['127.0.0.1'] });
  dovecot = await startDovecot({ certificate, seed: 2, oauth2: { hmacKey: KEY } });
}, 30_000);

afterAll(async () => {
  await Promise.all([dovecot?.stop(), endpoint?.stop()]);
});

const t = useTestApp({
  mailCheck: { testsPerWindow: 1_000, emailsPerWindow: 1_000, wholeTestMs: 30_000, stepMs: 20_000 },
  get mailTlsCa() {
    return [endpoint.ca.cert];
  },
});

jest.setTimeout(60_000);

function incoming(protocol: 'POP3' | 'IMAP') {
  return {
    incoming: {
      protocol,
      host: '127.0.0.1',
      port: protocol === 'POP3' ? dovecot.ports.pop3 : dovecot.ports.imap,
      security: 'NONE',
      user: dovecot.user,
      authentication: 'OAUTH2',
      oauth2: {
        grant: 'CLIENT_CREDENTIALS',
        tokenUrl: endpoint.url(),
        clientId: 'mailbox-client',
        clientSecret: CLIENT_SECRET,
        scope: 'https://outlook.office365.com/.default',
      },
    },
  };
}

const TEST = `
  mutation TestMailSession($input: TestMailSessionInput!) {
    testMailSession(input: $input) { incoming { ok steps { name ok skipped code message authMechanism token { grantAccepted tlsVerified } } } }
  }
`;

interface Step {
  name: string;
  ok: boolean;
  skipped: boolean;
  code: string | null;
  authMechanism: string | null;
  token: { grantAccepted: boolean; tlsVerified: boolean } | null;
}

describeDovecot('OAuth 2.0 sign-in to the incoming server through the API (Dovecot oauth2 passdb)', () => {
  it.each([
    ['IMAP', 'OAUTHBEARER'],
    ['POP3', 'XOAUTH2'],
  ] as const)('%s candidate: TOKEN, then AUTHENTICATION with %s, then the mailbox opens', async (protocol, mechanism) => {
    const before = issued.length;
    const result = await t.gql<{ testMailSession: { incoming: { ok: boolean; steps: Step[] } } }>(TEST, { input: { settings: incoming(protocol) } });
    expect(result.errors).toBeUndefined();
    const steps = result.data?.testMailSession.incoming.steps ?? [];
    const outline = steps.filter((s) => !s.skipped).map((s) => `${s.name}:${s.ok ? 'ok' : s.code}`);
    expect(outline).toEqual(expect.arrayContaining(['TOKEN:ok', 'AUTHENTICATION:ok', 'MAILBOX:ok']));
    expect(outline.indexOf('TOKEN:ok')).toBeLessThan(outline.indexOf('AUTHENTICATION:ok'));
    expect(steps.find((s) => s.name === 'TOKEN')?.token).toEqual({ grantAccepted: true, tlsVerified: true });
    expect(steps.find((s) => s.name === 'AUTHENTICATION')?.authMechanism).toBe(mechanism);
    expect(result.data?.testMailSession.incoming.ok).toBe(true);
    expect(issued.length).toBeGreaterThan(before);
    const text = JSON.stringify(result);
    expect(text).not.toContain(CLIENT_SECRET);
    for (const token of issued) expect(text).not.toContain(token);
  });

  it('IMAP candidate: Dovecot refuses the first token the endpoint issued; one fresh token is fetched and signs in', async () => {
    untrustedGrants = 1;
    const before = endpoint.grants.length;
    const result = await t.gql<{ testMailSession: { incoming: { ok: boolean; steps: (Step & { message: string })[] } } }>(TEST, {
      input: { settings: incoming('IMAP') },
    });
    expect(result.errors).toBeUndefined();
    const steps = result.data?.testMailSession.incoming.steps ?? [];
    expect(steps.map((s) => `${s.name}:${s.ok ? 'ok' : s.code}`)).toEqual(['TOKEN:ok', 'DNS:ok', 'TCP:ok', 'TLS:ok', 'AUTHENTICATION:ok', 'MAILBOX:ok']);
    expect(steps.find((s) => s.name === 'AUTHENTICATION')).toMatchObject({ authMechanism: 'OAUTHBEARER' });
    expect(steps.find((s) => s.name === 'AUTHENTICATION')?.message).toContain('a fresh one was accepted');
    expect(result.data?.testMailSession.incoming.ok).toBe(true);
    // The TOKEN step's direct fetch, then one fresh token for the retry.
    expect(endpoint.grants.length - before).toBe(2);
    const text = JSON.stringify(result);
    for (const token of issued) expect(text).not.toContain(token);
  });

  it('saved IMAP OAUTH2 settings: the incoming transport is READY with a VALID token', async () => {
    await updateOk(t, incoming('IMAP'));
    await waitUntil('the incoming token is VALID', async () => {
      const read = await t.gql<{ mailSession: { incoming: { oauth2: { token: { state: string } } | null }; transports: { incoming: { state: string } } } }>(
        'query { mailSession { incoming { oauth2 { token { state } } } transports { incoming { state } } } }',
      );
      return read.data?.mailSession.incoming.oauth2?.token.state === 'VALID' && read.data.mailSession.transports.incoming.state === 'READY';
    });
  });
});
