import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { SMTPServerAuthentication, SMTPServerAuthenticationResponse, SMTPServerSession } from 'smtp-server';
import { StepRecorder } from '../../src/mail-check/check-step';
import { probeSmtp, type SmtpProbeTarget } from '../../src/mail-check/smtp-probe';
import { DEFAULT_NETWORK_SETTINGS, NetworkPolicy } from '../../src/platform/network/network-policy';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { buildTransports } from '../../src/transport/transport-factory';
import { TransportManager } from '../../src/transport/transport-manager';
import type { TokenCheck, TokenCheckResult } from '../../src/oauth2/token-check';
import { IssuedTokens } from '../support/issued-tokens';
import { storedMailSession } from '../support/stored-mail-session';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';

/*
 * The connection test's SMTP probe signs in to an OAuth 2.0 server exactly as the live transport
 * does (issue 10's rule that probe and transport agree): TOKEN first, then XOAUTH2 with the same
 * token source, the same user, and the same reject-and-retry-once.
 */
const USER = 'mailer@oauth.test';
const log = pino({ level: 'silent' });
const box = new SecretBox({ id: 'k1', key: randomBytes(32) });
const network = new NetworkPolicy({ ...DEFAULT_NETWORK_SETTINGS, deny: [] });
const accepted = new Set<string>();
const seen: { method: string; username: string; token: string | undefined }[] = [];
let peer: SmtpPeer;

beforeAll(async () => {
  peer = await startSmtpPeer({
    server: {
      authOptional: false,
      authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
      onAuth(
        auth: SMTPServerAuthentication,
        _session: SMTPServerSession,
        callback: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
      ) {
        seen.push({ method: auth.method, username: auth.username ?? '', token: auth.accessToken });
        if (auth.method === 'XOAUTH2' && auth.username === USER && accepted.has(auth.accessToken ?? '')) {
          callback(null, { user: USER });
          return;
        }
        if (auth.method === 'XOAUTH2') {
          callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://outlook.office365.com/.default' } });
          return;
        }
        callback(new Error('Invalid username or password'));
      },
    },
  });
});
afterAll(() => peer.close());
beforeEach(() => {
  accepted.clear();
  seen.length = 0;
});

function built(tokens: IssuedTokens, version: number, check?: TokenCheck) {
  const row = storedMailSession({
    version,
    outgoingHost: '127.0.0.1',
    outgoingPort: peer.port,
    outgoingUser: USER,
    defaultSenderAddress: 'noreply@oauth.test',
    updatedAt: new Date(),
  });
  const transports = buildTransports(row, box, log, network, undefined, { outgoing: { key: `client-${version}`, tokens, ...(check && { check }) } });
  if (transports.outgoing.state !== 'READY') throw new Error('outgoing transport not built');
  return transports;
}

/** The probe's target exactly as MailCheckService derives it from the live transport's connection. */
function targetOf(transports: ReturnType<typeof built>): SmtpProbeTarget {
  if (transports.outgoing.state !== 'READY') throw new Error('not ready');
  const { name: _name, authMethod, ...rest } = transports.outgoing.value.connection;
  return { ...rest, authMethod, recipient: undefined, ehloName: 'probe.oauth.test' };
}

async function probe(target: SmtpProbeTarget) {
  const recorder = new StepRecorder(Date.now() + 10_000, 5_000);
  await probeSmtp(target, recorder, network);
  return recorder.steps;
}

const outline = (steps: { name: string; ok: boolean; skipped: boolean; code: string | null }[]) =>
  steps.map((s) => `${s.name}:${s.ok ? (s.skipped ? 'skipped' : 'ok') : (s.code ?? 'failed')}`);

describe('the SMTP probe and the live transport sign in to an OAuth 2.0 server the same way', () => {
  it('TOKEN then AUTHENTICATION with XOAUTH2, the same mechanism, user and cached token as the transport', async () => {
    const tokens = new IssuedTokens(() => {
      const token = `tok-${randomBytes(12).toString('base64url')}`;
      accepted.add(token);
      return token;
    });
    const transports = built(tokens, 2);
    const steps = await probe(targetOf(transports));
    expect(outline(steps)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:ok', 'TLS:skipped', 'TOKEN:ok', 'AUTHENTICATION:ok', 'SENDER:ok']);
    expect(steps.find((s) => s.name === 'AUTHENTICATION')?.authMechanism).toBe('XOAUTH2');
    const manager = new TransportManager(log);
    manager.apply(transports);
    await manager.send({ to: 'rcpt@oauth.test', subject: 'agree', text: 'x' });
    await manager.close(5_000);
    // The server saw XOAUTH2 from both, as the same user, with the one token fetched once.
    expect(seen.map((s) => s.method)).toEqual(['XOAUTH2', 'XOAUTH2']);
    expect(seen.map((s) => s.username)).toEqual([USER, USER]);
    expect(seen.map((s) => s.token)).toEqual([tokens.issued[0], tokens.issued[0]]);
    expect(tokens.fetches).toBe(1);
    expect(JSON.stringify(steps)).not.toContain(tokens.issued[0]);
  });

  it('a refused token: the probe rejects it and retries once with a fresh one, as the transport does', async () => {
    let n = 0;
    const tokens = new IssuedTokens(() => {
      const token = `tok-${n}-${randomBytes(12).toString('base64url')}`;
      if (n++ > 0) accepted.add(token);
      return token;
    });
    const steps = await probe(targetOf(built(tokens, 3)));
    expect(outline(steps)).toContain('AUTHENTICATION:ok');
    expect(steps.find((s) => s.name === 'AUTHENTICATION')?.message).toContain('a fresh one was accepted');
    expect(tokens.rejected).toEqual([tokens.issued[0]]);
    expect(tokens.fetches).toBe(2);
  });

  it('refused twice: AUTH_FAILED naming the server’s error, never a token; the step after is not run', async () => {
    const tokens = new IssuedTokens();
    const steps = await probe(targetOf(built(tokens, 4)));
    const auth = steps.find((s) => s.name === 'AUTHENTICATION');
    expect(auth).toMatchObject({ ok: false, code: 'AUTH_FAILED', authMechanism: 'XOAUTH2' });
    expect(auth?.message).toContain('status 401');
    expect(tokens.rejected).toEqual(tokens.issued);
    expect(steps.some((s) => s.name === 'SENDER')).toBe(false);
    for (const token of tokens.issued) expect(JSON.stringify(steps)).not.toContain(token);
  });

  it('a token endpoint failure: TOKEN_FAILED with the provider error, and the server is never asked', async () => {
    const tokens = new IssuedTokens();
    tokens.failWith = 'invalid_client: AADSTS7000215 Invalid client secret provided';
    const steps = await probe(targetOf(built(tokens, 5)));
    expect(outline(steps)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:ok', 'TLS:skipped', 'TOKEN:TOKEN_FAILED']);
    expect(steps.at(-1)?.message).toContain('AADSTS7000215');
    expect(seen).toEqual([]);
  });

  describe('the TOKEN step reports what the detailed token fetch showed', () => {
    const EXPIRES = new Date('2026-12-05T07:00:00.000Z');
    const result = (overrides: Partial<TokenCheckResult>): TokenCheckResult => ({
      endpoint: 'login.example.test:443',
      reached: true,
      tlsVerified: true,
      grantAccepted: true,
      scopeGranted: 'https://outlook.office365.com/.default',
      expiresAt: EXPIRES,
      error: null,
      token: undefined,
      ...overrides,
    });

    it('grant accepted: endpoint, TLS, scope and expiry in the step; the checked token signs in', async () => {
      const token = `checked-${randomBytes(12).toString('base64url')}`;
      accepted.add(token);
      const tokens = new IssuedTokens();
      const steps = await probe(targetOf(built(tokens, 6, () => Promise.resolve(result({ token })))));
      const step = steps.find((s) => s.name === 'TOKEN');
      expect(step).toMatchObject({
        ok: true,
        token: {
          endpoint: 'login.example.test:443',
          reached: true,
          tlsVerified: true,
          grantAccepted: true,
          scopeGranted: 'https://outlook.office365.com/.default',
          expiresAt: EXPIRES,
        },
      });
      expect(step?.message).toContain('2026-12-05T07:00:00.000Z');
      expect(outline(steps)).toContain('AUTHENTICATION:ok');
      expect(seen.map((s) => s.token)).toEqual([token]);
      expect(tokens.fetches).toBe(0);
      expect(JSON.stringify(steps)).not.toContain(token);
    });

    it.each([
      [
        'not reached',
        { reached: false, tlsVerified: false, grantAccepted: false, error: 'the address 10.0.0.5 is not allowed by the network policy' },
        'was not reached',
      ],
      ['TLS name mismatch', { tlsVerified: false, grantAccepted: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'did not verify'],
      ['grant refused', { grantAccepted: false, error: 'invalid_client: AADSTS7000215 Invalid client secret provided' }, 'AADSTS7000215'],
    ] as const)('%s: TOKEN_FAILED with the details, and the mail server is never asked', async (_case, overrides, text) => {
      const steps = await probe(targetOf(built(new IssuedTokens(), 7, () => Promise.resolve(result({ scopeGranted: null, expiresAt: null, ...overrides })))));
      const step = steps.at(-1);
      expect(step).toMatchObject({ name: 'TOKEN', ok: false, code: 'TOKEN_FAILED', token: { reached: 'reached' in overrides ? overrides.reached : true } });
      expect(step?.message).toContain(text);
      expect(seen).toEqual([]);
    });
  });

  it('a changed OAuth 2.0 client (another key) gives another transport fingerprint; the same client keeps it', () => {
    const tokens = new IssuedTokens();
    const fingerprintOf = (transports: ReturnType<typeof built>) => (transports.outgoing.state === 'READY' ? transports.outgoing.fingerprint : '');
    expect(fingerprintOf(built(tokens, 8))).not.toBe(fingerprintOf(built(tokens, 9)));
    expect(fingerprintOf(built(tokens, 8))).toBe(fingerprintOf(built(tokens, 8)));
  });
});
