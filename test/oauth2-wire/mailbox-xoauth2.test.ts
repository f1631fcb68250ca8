import { randomBytes } from 'node:crypto';
import { StepRecorder } from '../../src/mail-check/check-step';
import { probeImap } from '../../src/mail-check/imap-probe';
import { probePop3 } from '../../src/mail-check/pop3-probe';
import { DEFAULT_NETWORK_SETTINGS, NetworkPolicy } from '../../src/platform/network/network-policy';
import type { MailboxConnection } from '../../src/transport/mailbox-connection';
import { selfSignedCertificate } from '../support/certificates';
import { dovecotAccessToken, dovecotUnavailable, startDovecot, type DovecotPeer } from '../support/dovecot';
import { IssuedTokens } from '../support/issued-tokens';

const unavailable = dovecotUnavailable();
// Under CI=true a missing peer fails the run (.ci/run installs Dovecot).
const mustRun = process.env.CI === 'true';
const describeDovecot = unavailable && !mustRun ? describe.skip : describe;

const KEY = randomBytes(32);
const network = new NetworkPolicy({ ...DEFAULT_NETWORK_SETTINGS, deny: [] });
let dovecot: DovecotPeer;

/** An HS256 JWT access token Dovecot's oauth2 passdb validates locally. */
function jwt(sub: string, key = KEY): Promise<string> {
  return dovecotAccessToken(sub, key, '5m');
}

beforeAll(async () => {
  if (unavailable && !mustRun) return;
  if (unavailable) throw new Error(`CI=true and the Dovecot peer cannot run: ${unavailable}`);
  const certificate = await selfSignedCertificate({ names: ['127.0.0.1'] });
  dovecot = await startDovecot({ certificate, seed: 2, oauth2: { hmacKey: KEY } });
}, 30_000);
afterAll(async () => {
  await dovecot?.stop();
});

function connection(protocol: 'POP3' | 'IMAP', tokens: IssuedTokens): MailboxConnection {
  return {
    protocol,
    host: '127.0.0.1',
    port: protocol === 'POP3' ? dovecot.ports.pop3 : dovecot.ports.imap,
    security: 'NONE',
    secure: false,
    startTls: 'never',
    auth: { user: dovecot.user, pass: '' },
    oauth2: { user: dovecot.user, tokens },
    tls: { rejectUnauthorized: true, checkServerIdentity: true },
    connectionTimeout: 5_000,
    // Dovecot delays each failed sign-in from one address a little longer (its auth penalty).
    socketTimeout: 20_000,
    deleteAfterFetch: false,
  };
}

async function probe(protocol: 'POP3' | 'IMAP', tokens: IssuedTokens) {
  const recorder = new StepRecorder(Date.now() + 40_000, 20_000);
  await (protocol === 'POP3' ? probePop3 : probeImap)(connection(protocol, tokens), recorder, network);
  return recorder.steps;
}

jest.setTimeout(60_000);

const outline = (steps: { name: string; ok: boolean; skipped: boolean; code: string | null }[]) =>
  steps.map((s) => `${s.name}:${s.ok ? (s.skipped ? 'skipped' : 'ok') : (s.code ?? 'failed')}`);

describeDovecot('XOAUTH2 / OAUTHBEARER sign-in against Dovecot’s oauth2 passdb (JWT, local validation)', () => {
  it.each(['POP3', 'IMAP'] as const)('%s: a valid token signs in and the mailbox opens', async (protocol) => {
    const tokens = new IssuedTokens(() => jwt(dovecot.user));
    const steps = await probe(protocol, tokens);
    expect(outline(steps)).toContain('TOKEN:ok');
    expect(outline(steps)).toContain('AUTHENTICATION:ok');
    expect(outline(steps)).toContain('MAILBOX:ok');
    expect(steps.findIndex((s) => s.name === 'TOKEN')).toBeLessThan(steps.findIndex((s) => s.name === 'AUTHENTICATION'));
    expect(steps.find((s) => s.name === 'AUTHENTICATION')?.authMechanism).toBe(protocol === 'POP3' ? 'XOAUTH2' : 'OAUTHBEARER');
    expect(tokens.fetches).toBe(1);
    expect(JSON.stringify(steps)).not.toContain(tokens.issued[0]);
  });

  it('POP3: a revoked first token, then a good one: signs in after one re-fetch', async () => {
    let n = 0;
    const tokens = new IssuedTokens(() => (n++ === 0 ? jwt(dovecot.user, randomBytes(32)) : jwt(dovecot.user)));
    const steps = await probe('POP3', tokens);
    expect(outline(steps)).toContain('AUTHENTICATION:ok');
    expect(tokens.fetches).toBe(2);
    expect(tokens.rejected).toEqual([tokens.issued[0]]);
  });

  it('POP3: a token signed with another key is refused, rejected, re-fetched once; refused again → AUTH_FAILED, token never shown', async () => {
    const tokens = new IssuedTokens(() => jwt(dovecot.user, randomBytes(32)));
    const steps = await probe('POP3', tokens);
    expect(outline(steps)).toContain('AUTHENTICATION:AUTH_FAILED');
    expect(tokens.fetches).toBe(2);
    expect(tokens.rejected).toEqual(tokens.issued);
    for (const token of tokens.issued) expect(JSON.stringify(steps)).not.toContain(token);
  });

  it('IMAP: a refused first token, then a good one: rejected, one fresh token on a second connection signs in; passed steps are not repeated', async () => {
    let n = 0;
    const tokens = new IssuedTokens(() => (n++ === 0 ? jwt(dovecot.user, randomBytes(32)) : jwt(dovecot.user)));
    const steps = await probe('IMAP', tokens);
    expect(outline(steps)).toEqual(['TOKEN:ok', 'DNS:ok', 'TCP:ok', 'TLS:skipped', 'AUTHENTICATION:ok', 'MAILBOX:ok']);
    const auth = steps.find((s) => s.name === 'AUTHENTICATION');
    expect(auth?.authMechanism).toBe('OAUTHBEARER');
    expect(auth?.message).toContain('the first token was refused; a fresh one was accepted');
    expect(tokens.fetches).toBe(2);
    expect(tokens.rejected).toEqual([tokens.issued[0]]);
    for (const token of tokens.issued) expect(JSON.stringify(steps)).not.toContain(token);
  });

  it('IMAP: refused twice → AUTH_FAILED naming both refusals, both tokens rejected, never shown', async () => {
    const tokens = new IssuedTokens(() => jwt(dovecot.user, randomBytes(32)));
    const steps = await probe('IMAP', tokens);
    expect(outline(steps)).toEqual(['TOKEN:ok', 'DNS:ok', 'TCP:ok', 'AUTHENTICATION:AUTH_FAILED']);
    const auth = steps.find((s) => s.name === 'AUTHENTICATION');
    expect(auth?.authMechanism).toBe('OAUTHBEARER');
    expect(auth?.message).toContain('the server refused the access token and a fresh one');
    expect(tokens.fetches).toBe(2);
    expect(tokens.rejected).toEqual(tokens.issued);
    for (const token of tokens.issued) expect(JSON.stringify(steps)).not.toContain(token);
  });

  it('IMAP: refused, and no fresh token to be had: AUTHENTICATION fails with TOKEN_FAILED naming the provider’s error', async () => {
    const tokens = new IssuedTokens(() => jwt(dovecot.user, randomBytes(32)));
    const original = tokens.reject.bind(tokens);
    tokens.reject = (token) => {
      original(token);
      tokens.failWith = 'invalid_grant: AADSTS50173 The provided grant has expired';
    };
    const steps = await probe('IMAP', tokens);
    expect(outline(steps)).toEqual(['TOKEN:ok', 'DNS:ok', 'TCP:ok', 'AUTHENTICATION:TOKEN_FAILED']);
    expect(steps.at(-1)?.message).toContain('AADSTS50173');
    expect(tokens.fetches).toBe(2);
  });

  it('no token to be had: TOKEN fails with TOKEN_FAILED naming the provider error, nothing is sent', async () => {
    const tokens = new IssuedTokens();
    tokens.failWith = 'invalid_grant: AADSTS70000 The provided grant is invalid';
    const steps = await probe('POP3', tokens);
    const token = steps.find((s) => s.name === 'TOKEN');
    expect(token).toMatchObject({ ok: false, code: 'TOKEN_FAILED' });
    expect(token?.message).toContain('AADSTS70000');
    expect(steps.some((s) => s.name === 'AUTHENTICATION')).toBe(false);
  });
});
