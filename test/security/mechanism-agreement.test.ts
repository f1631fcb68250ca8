import { randomBytes } from 'node:crypto';
import { onlyError, updateOk, updateSession } from '../api/mail-session.operations';
import { reportOf, SEND_TEST_EMAIL, testSession } from '../mail-check/operations';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { useTestApp } from '../support/test-app';
import { TestTokenEndpoint } from '../support/token-endpoint';

/*
 * Issue 10, class 10: the probe (testMailSession) and the live transport (nodemailer, through
 * sendTestEmail) must authenticate with the same SASL mechanism for every accepted setting of
 * mail.smtp.auth.mechanisms and mail.smtp.auth.<m>.disable, or a passing test would vouch for a
 * transport that sends the password another way. XOAUTH2 (which nodemailer cannot run with a
 * password, and the probe once sent the password as a bearer token for) is refused for a
 * PASSWORD server; an OAUTH2 server (issue 15) signs in with XOAUTH2 in both, whatever the list says.
 */

let endpoint: TestTokenEndpoint;
// Before the app starts: it trusts the endpoint's CA from its start.
beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
});
afterAll(() => endpoint?.stop());

const t = useTestApp({
  mailCheck: { testsPerWindow: 100_000, emailsPerWindow: 100_000, wholeTestMs: 10_000, stepMs: 5_000 },
  get mailTlsCa() {
    return [endpoint.ca.cert];
  },
});
const USER = 'mailer';
const PASS = `agreement-${process.pid}-Secret`;

let peer: SmtpPeer;
/** The mechanism of every AUTH the peer received, in order. */
const mechanisms: string[] = [];

beforeAll(async () => {
  peer = await startSmtpPeer({
    server: {
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
      onAuth(auth, _session, callback) {
        mechanisms.push(auth.method);
        const ok = auth.method === 'CRAM-MD5' ? auth.validatePassword(PASS) : auth.method !== 'XOAUTH2' && auth.password === PASS;
        callback(ok && auth.username === USER ? null : new Error('Invalid username or password'), ok ? { user: USER } : undefined);
      },
    },
  });
  await updateOk(t, {
    outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE', user: USER, password: PASS },
    defaultSender: { address: 'app@example.com' },
  });
});

afterAll(() => peer.close());

const THREE = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

/** Every ordering of every non-empty subset of `items`. */
function orderedSubsets(items: readonly string[]): string[][] {
  if (items.length === 0) return [];
  return items.flatMap((first, index) => {
    const rest = items.filter((_, i) => i !== index);
    return [[first], ...orderedSubsets(rest).map((tail) => [first, ...tail])];
  });
}

const FLAGS = [undefined, 'false', 'true'] as const;
type Flag = (typeof FLAGS)[number];

/** Every value of mail.smtp.auth.mechanisms the service accepts (unset included), with each disable combination. */
const ACCEPTED: [mechanisms: string | undefined, login: Flag, plain: Flag][] = [undefined, ...orderedSubsets(THREE).map((list) => list.join(' '))].flatMap(
  (list) => FLAGS.flatMap((login) => FLAGS.map((plain) => [list, login, plain] as [string | undefined, Flag, Flag])),
);

let rebuilds = 0;

function properties(list: string | undefined, login: Flag, plain: Flag) {
  return [
    // A new value each time: the live transport is rebuilt, so sendTestEmail opens (and authenticates) a new connection.
    { key: 'mail.smtp.connectiontimeout', value: String(10_000 + ++rebuilds) },
    ...(list === undefined ? [] : [{ key: 'mail.smtp.auth.mechanisms', value: list }]),
    ...(login === undefined ? [] : [{ key: 'mail.smtp.auth.login.disable', value: login }]),
    ...(plain === undefined ? [] : [{ key: 'mail.smtp.auth.plain.disable', value: plain }]),
  ];
}

/** The list once the disabled mechanisms are taken out (JavaMail's order when only disables are set). */
function usable(list: string | undefined, login: Flag, plain: Flag): string[] {
  const listed = list?.split(' ') ?? (login === undefined && plain === undefined ? THREE : ['LOGIN', 'PLAIN', 'CRAM-MD5']);
  return listed.filter((m) => !(m === 'LOGIN' && login === 'true') && !(m === 'PLAIN' && plain === 'true'));
}

describe('the probe and the live transport choose the same SMTP AUTH mechanism', () => {
  it.each(ACCEPTED)('mail.smtp.auth.mechanisms=%s, login.disable=%s, plain.disable=%s', async (list, login, plain) => {
    const result = await updateSession(t, { additionalProperties: properties(list, login, plain), outgoing: { password: PASS } });
    if (usable(list, login, plain).length === 0) {
      // Nothing left to authenticate with: refused, so there is nothing to agree on.
      expect(onlyError(result).message).toMatch(/^Every mechanism in mail\.smtp\.auth\.mechanisms is disabled/);
      return;
    }
    expect(result.errors).toBeUndefined();

    mechanisms.length = 0;
    const report = await reportOf(t);
    const step = report.outgoing.steps.find((s) => s.name === 'AUTHENTICATION');
    expect(step).toMatchObject({ ok: true });
    expect(mechanisms).toHaveLength(1);
    const probed = mechanisms[0];
    // The schema names CRAM-MD5 CRAM_MD5 (a GraphQL name cannot contain '-').
    expect(step?.authMechanism).toBe(probed?.replace('-', '_'));

    const sent = await t.gql(SEND_TEST_EMAIL, { to: 'someone@example.com' });
    expect(sent.errors).toBeUndefined();
    expect(mechanisms).toHaveLength(2);
    const live = mechanisms[1];

    expect(live).toBe(probed);
    expect(probed).not.toBe('XOAUTH2');
  });

  it.each(['XOAUTH2', 'xoauth2', 'XOAUTH2 PLAIN', 'PLAIN XOAUTH2', 'CRAM-MD5 LOGIN XOAUTH2'])(
    'refuses mail.smtp.auth.mechanisms=%s, saying OAuth 2.0 is authentication OAUTH2, as a change and as a candidate',
    async (list) => {
      const input = { additionalProperties: [{ key: 'mail.smtp.auth.mechanisms', value: list }], outgoing: { password: PASS } };
      mechanisms.length = 0;
      for (const [result, under] of [
        [await updateSession(t, input), []],
        [await testSession(t, input), ['settings']],
      ] as const) {
        const error = onlyError(result);
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.field).toEqual([...under, 'additionalProperties', 0, 'value']);
        expect(error.message).toBe(
          "mail.smtp.auth.mechanisms lists XOAUTH2, which is not a password mechanism: for OAuth 2.0 set the server's authentication to OAUTH2 (it always signs in with XOAUTH2): list PLAIN, LOGIN, CRAM-MD5",
        );
      }
      expect(mechanisms).toEqual([]);
    },
  );

  it('never sends the password as an XOAUTH2 bearer token, even to a server that offers nothing else', async () => {
    const tokens: string[] = [];
    const oauthOnly = await startSmtpPeer({
      server: {
        disabledCommands: ['STARTTLS'],
        allowInsecureAuth: true,
        authOptional: false,
        authMethods: ['XOAUTH2'],
        onAuth(auth, _session, callback) {
          tokens.push(auth.accessToken ?? '');
          callback(new Error('Invalid token'));
        },
      },
    });
    try {
      const report = await reportOf(t, {
        outgoing: { host: '127.0.0.1', port: oauthOnly.port, security: 'NONE', user: USER, password: PASS },
        additionalProperties: [],
      });
      const step = report.outgoing.steps.find((s) => s.name === 'AUTHENTICATION');
      expect(step).toMatchObject({ ok: false, code: 'AUTH_UNAVAILABLE' });
      expect(tokens).toEqual([]);
    } finally {
      await oauthOnly.close();
    }
  });
});

describe('an OAUTH2 server: the probe and the live transport both sign in with XOAUTH2', () => {
  const OAUTH_USER = 'mailer@oauth.test';
  let oauthPeer: SmtpPeer;
  /** Mechanism and user of every AUTH the OAuth peer received, in order. */
  const seen: string[] = [];
  const issued = new Set<string>();

  beforeAll(async () => {
    endpoint.handler = () => {
      const token = `at-${randomBytes(16).toString('base64url')}`;
      issued.add(token);
      return { status: 200, body: JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 3600 }) };
    };
    // Offers the password mechanisms too: neither side may fall back to them.
    oauthPeer = await startSmtpPeer({
      server: {
        disabledCommands: ['STARTTLS'],
        allowInsecureAuth: true,
        authOptional: false,
        authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
        onAuth(auth, _session, callback) {
          seen.push(`${auth.method} ${auth.username ?? ''}`);
          const ok = auth.method === 'XOAUTH2' && auth.username === OAUTH_USER && issued.has(auth.accessToken ?? '');
          callback(ok ? null : new Error('Invalid credentials'), ok ? { user: OAUTH_USER } : undefined);
        },
      },
    });
    await updateOk(t, {
      outgoing: {
        host: '127.0.0.1',
        port: oauthPeer.port,
        security: 'NONE',
        user: OAUTH_USER,
        authentication: 'OAUTH2',
        oauth2: { grant: 'CLIENT_CREDENTIALS', tokenUrl: endpoint.url(), clientId: 'agreement', clientSecret: `agreement-${process.pid}` },
      },
      additionalProperties: [],
    });
  });
  afterAll(async () => {
    // The app's warm pool keeps a connection open until the app closes, after this block.
    const closed = oauthPeer.close();
    await oauthPeer.dropConnections();
    await closed;
  });

  it.each([undefined, 'XOAUTH2', 'xoauth2 PLAIN', 'PLAIN LOGIN'])('mail.smtp.auth.mechanisms=%s: XOAUTH2 in the probe and in the transport', async (list) => {
    const result = await updateSession(t, { additionalProperties: properties(list, undefined, undefined) });
    expect(result.errors).toBeUndefined();

    seen.length = 0;
    const report = await reportOf(t);
    expect(report.outgoing.steps.find((s) => s.name === 'AUTHENTICATION')).toMatchObject({ ok: true, authMechanism: 'XOAUTH2' });
    expect(seen).toEqual([`XOAUTH2 ${OAUTH_USER}`]);

    const sent = await t.gql(SEND_TEST_EMAIL, { to: 'someone@example.com' });
    expect(sent.errors).toBeUndefined();
    expect(seen).toEqual([`XOAUTH2 ${OAUTH_USER}`, `XOAUTH2 ${OAUTH_USER}`]);
  });
});
