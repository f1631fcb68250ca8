/**
 * Issue 10, class 5: the authentication failure lockout cannot be raced (a burst of concurrent
 * bad tokens gets no more checks than the lockout allows), cannot be evicted (a flood of other
 * addresses does not free a locked one) and keys IPv6 clients by /64.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { Authentication } from '../../src/platform/auth/authentication';
import { DEFAULT_AUTH_FAILURES } from '../../src/config/auth-settings';
import { RateLimitedError } from '../../src/platform/errors/domain-errors';
import { createLogger } from '../../src/platform/logging/logger';
import { clientKey } from '../../src/platform/rate-limit/client-key';
import { RateLimiter } from '../../src/platform/rate-limit/rate-limiter';
import { READ_MAIL_SESSION } from '../api/mail-session.operations';
import { useTestProvider } from '../auth/oidc-provider';
import { ADMIN_TOKEN, LogCapture, useTestApp } from '../support/test-app';

const WRONG = 'wrong-token-for-the-burst-0123456789';
const BURST = 1_000;
/** The service's defaults: delayed from the 6th failure, locked out from the 21st. */
const LIMITS = DEFAULT_AUTH_FAILURES;

interface Answer {
  status: number;
  code: unknown;
}

/** One POST from a loopback address; the body is read leniently (a 401 may come before GraphQL). */
function postFrom(url: string, localAddress: string, authorization: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', authorization } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        let code: unknown;
        try {
          code = (JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]?.extensions?.code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query: READ_MAIL_SESSION }));
  });
}

const isLockedOut = (a: Answer) => a.status === 429 || a.code === 'RATE_LIMITED';
const isChecked = (a: Answer) => !isLockedOut(a) && (a.status === 401 || a.code === 'UNAUTHENTICATED');

/** Failures the service logged (one per token it actually checked and refused) from `address`. */
const checkedFrom = (logs: LogCapture, address: string) =>
  logs.lines.filter((line) => line.includes('"authentication failed"') && line.includes(`"address":"${address}"`)).length;

describe('a burst of concurrent bad tokens from one address', () => {
  const provider = useTestProvider();
  const t = useTestApp({
    authFailures: LIMITS,
    get oidc() {
      return provider.config();
    },
  });

  it.each<[string, string, (i: number) => Promise<string>]>([
    ['static', '127.0.0.31', () => Promise.resolve(WRONG)],
    // Each verified against the provider's key set: an await between counting and deciding. All
    // different, as guesses are (one token sent many times is verified once, see below).
    ['OpenID Connect', '127.0.0.32', (i) => provider.token({ jti: `guess-${i}` }, undefined, provider.strangerKey)],
  ])('gets at most the lockout threshold of checked answers (%s tokens), the rest are locked out', async (_kind, address, makeToken) => {
    const tokens = await Promise.all(Array.from({ length: LIMITS.slowAfter + BURST }, (_, i) => makeToken(i)));
    const before: Answer[] = [];
    for (const token of tokens.slice(0, LIMITS.slowAfter)) before.push(await postFrom(t.url, address, `Bearer ${token}`));
    expect(before.every(isChecked)).toBe(true);

    const burst = await Promise.all(tokens.slice(LIMITS.slowAfter).map((token) => postFrom(t.url, address, `Bearer ${token}`)));
    const checked = burst.filter(isChecked).length;
    const locked = burst.filter(isLockedOut).length;
    expect({ checked, locked, other: BURST - checked - locked }).toEqual({ checked: LIMITS.refuseAfter - LIMITS.slowAfter, locked: BURST - checked, other: 0 });
    expect(checkedFrom(t.logs, address)).toBe(LIMITS.refuseAfter);
    expect(await postFrom(t.url, address, `Bearer ${ADMIN_TOKEN}`)).toMatchObject({ status: 429 });
  });
});

const silent = () => createLogger('silent', new LogCapture());

/** Locked out after 3 failures, without delays. */
function authentication() {
  return new Authentication({
    tokens: [{ name: 'alice', role: 'admin', token: ADMIN_TOKEN }],
    failures: { slowAfter: 0, refuseAfter: 3, windowMs: 60_000, delayMs: 0 },
    log: silent(),
  });
}

async function lockOut(auth: Authentication, address: string, failures: number): Promise<void> {
  for (let i = 0; i < failures; i++) expect(await auth.authenticate(`Bearer ${WRONG}`, address)).toBeUndefined();
}

describe('concurrent requests with one valid access token', () => {
  const provider = useTestProvider();

  it('do not fill the failure budget while they wait together for the key set (at start, after a key rotation)', async () => {
    const auth = new Authentication({ tokens: [], oidc: provider.config(), failures: { ...LIMITS, delayMs: 0 }, log: silent() });
    const token = await provider.token({ roles: ['viewer'], preferred_username: 'busy-client' });
    const fetches = provider.fetches;
    // Started in one tick: none can finish before the key set has been fetched.
    const callers = await Promise.allSettled(Array.from({ length: 2 * LIMITS.refuseAfter }, () => auth.authenticate(`Bearer ${token}`, '10.1.1.1')));
    expect(callers.map((c) => (c.status === 'fulfilled' ? c.value?.name : (c.reason as unknown)))).toEqual(
      Array(2 * LIMITS.refuseAfter).fill('oidc:busy-client'),
    );
    expect(provider.fetches - fetches).toBe(1);
    // The budget is whole: as many bad tokens as ever are checked before the lockout.
    await lockOut(auth, '10.1.1.1', LIMITS.refuseAfter);
    await expect(auth.authenticate(`Bearer ${token}`, '10.1.1.1')).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe('the lockout under a flood of other addresses', () => {
  it('keeps a locked address locked while 10,050 other addresses fail once each', async () => {
    const auth = authentication();
    await lockOut(auth, '10.255.255.1', 3);
    await expect(auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '10.255.255.1')).rejects.toBeInstanceOf(RateLimitedError);
    for (let i = 0; i < 10_050; i++) await auth.authenticate(`Bearer ${WRONG}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    await expect(auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '10.255.255.1')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('stays within its bound of keys, forgetting unlocked keys before any locked one', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 60_000, maxKeys: 100 });
    for (const key of ['locked-a', 'locked-a', 'locked-b', 'locked-b']) limiter.record(key);
    for (let i = 0; i < 10_050; i++) limiter.record(`other-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.peek('locked-a').allowed).toBe(false);
    expect(limiter.peek('locked-b').allowed).toBe(false);
    // Only once every key it holds is locked does the oldest lockout go, so memory stays bounded.
    for (let i = 0; i < 100; i++) for (const _ of [1, 2]) limiter.record(`full-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.peek('locked-a').allowed).toBe(true);
  });
});

describe('the address a failure is counted against', () => {
  it('shares one lockout among the addresses of one IPv6 /64, and not with the next /64', async () => {
    const auth = authentication();
    await lockOut(auth, '2001:db8:1:2::1', 1);
    await lockOut(auth, '2001:db8:1:2:aaaa:bbbb:cccc:dddd', 1);
    await lockOut(auth, '2001:0db8:0001:0002:ffff::9', 1);
    await expect(auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '2001:db8:1:2::42')).rejects.toBeInstanceOf(RateLimitedError);
    expect(await auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '2001:db8:1:3::1')).toMatchObject({ roles: ['admin'] });
    expect(await auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '2001:db8:2:2::1')).toMatchObject({ roles: ['admin'] });
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', async () => {
    const auth = authentication();
    await lockOut(auth, '::ffff:192.0.2.7', 2);
    await lockOut(auth, '192.0.2.7', 1);
    await expect(auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '192.0.2.7')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '::FFFF:c000:0207')).rejects.toBeInstanceOf(RateLimitedError);
    expect(await auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '192.0.2.8')).toMatchObject({ roles: ['admin'] });
  });

  it('gives every spelling of an IPv6 address the key of its /64, and different /64s different keys', () => {
    const hextet = fc.integer({ min: 0, max: 0xffff });
    const address = fc.array(hextet, { minLength: 8, maxLength: 8 });
    const spell = (words: number[], compress: boolean, upper: boolean) => {
      let text = words.map((w) => w.toString(16)).join(':');
      if (compress) text = text.replace(/(^|:)0(:0)+(:|$)/, '::');
      return upper ? text.toUpperCase() : text;
    };
    fc.assert(
      fc.property(address, address, fc.boolean(), fc.boolean(), (a, b, compress, upper) => {
        // IPv4-mapped addresses (::ffff:0:0/96) are keyed by their IPv4 address instead.
        fc.pre(!(a.slice(0, 5).every((w) => w === 0) && a[5] === 0xffff));
        const sameNetwork = [...a.slice(0, 4), ...b.slice(4)];
        expect(clientKey(spell(a, compress, upper))).toBe(clientKey(spell(a, false, false)));
        expect(clientKey(spell(sameNetwork, compress, upper))).toBe(clientKey(spell(a, false, false)));
        const otherNetwork = a.slice(0, 4).join() !== b.slice(0, 4).join();
        if (otherNetwork) expect(clientKey(spell(b, compress, upper))).not.toBe(clientKey(spell(a, false, false)));
      }),
    );
  });
});
