import { Writable } from 'node:stream';
import pino from 'pino';
import type { OAuth2Client } from '../../src/oauth2/oauth2-client';
import { TokenCaches } from '../../src/oauth2/token-caches';
import { fetchToken } from '../../src/oauth2/token-endpoint';
import { TokenError } from '../../src/oauth2/token-error';
import { waitUntil } from '../support/wait-until';
import { issueTokens, TestTokenEndpoint, type TokenHandler } from '../support/token-endpoint';
import { CLIENT_SECRET, clientCredentials, endpointOptions } from './oauth2-fixtures';

let endpoint: TestTokenEndpoint;
/** The caches' clock, moved by the tests; the endpoint and the sockets run on real time. */
const clock = { now: Date.now() };
const logLines: string[] = [];
const log = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

function caches(timeoutMs?: number): TokenCaches {
  return new TokenCaches((client) => fetchToken(client, endpointOptions(endpoint, { timeoutMs }), () => new Date(clock.now)), {
    now: () => clock.now,
    log,
  });
}

function client(overrides: Partial<OAuth2Client> = {}): OAuth2Client {
  return clientCredentials(endpoint.url(), overrides);
}

/** A gate the endpoint waits at before answering, opened by the test. */
function gate(): { open: () => void; handler: (then: TokenHandler) => TokenHandler } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open: () => open(),
    handler: (then) => async (grant, count) => {
      await opened;
      return then(grant, count);
    },
  };
}

function refusal(): TokenHandler {
  return () => ({
    status: 401,
    body: JSON.stringify({
      error: 'invalid_client',
      error_description: `AADSTS7000215: Invalid client secret provided ${CLIENT_SECRET}.`,
      error_codes: [7000215],
    }),
  });
}

beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
});
afterAll(async () => {
  await endpoint.stop();
  expect(logLines.length).toBeGreaterThan(0);
  for (const line of logLines) {
    expect(line).not.toContain(CLIENT_SECRET);
    expect(line).not.toMatch(/token-\d/);
  }
});
beforeEach(() => {
  endpoint.grants.length = 0;
  endpoint.handler = issueTokens(3600);
  clock.now = Date.now();
});

describe('the token cache of one OAuth 2.0 client configuration', () => {
  it('reuses a token until 30 s before expiry (a quarter of a short lifetime), then fetches a new one', async () => {
    endpoint.handler = issueTokens(100);
    const cache = caches().cacheFor(client());
    const fetchedAt = clock.now;

    expect(cache.status()).toEqual({ state: 'NONE', expiresAt: null, lastError: null });
    expect(await cache.token()).toBe('token-1');
    expect(cache.status()).toEqual({ state: 'VALID', expiresAt: new Date(fetchedAt + 100_000), lastError: null });
    clock.now = fetchedAt + 74_000; // lifetime 100 s: refreshed 25 s before expiry
    expect(await cache.token()).toBe('token-1');
    expect(endpoint.grants).toHaveLength(1);
    clock.now = fetchedAt + 76_000;
    expect(await cache.token()).toBe('token-2');
    expect(endpoint.grants).toHaveLength(2);

    endpoint.handler = issueTokens(3600);
    clock.now = fetchedAt + 200_000;
    const longAt = clock.now;
    expect(await cache.token()).toBe('token-3');
    clock.now = longAt + 3_569_000; // lifetime 1 h: refreshed 30 s before expiry
    expect(await cache.token()).toBe('token-3');
    clock.now = longAt + 3_571_000;
    expect(await cache.token()).toBe('token-4');
  });

  it('50 concurrent token() calls make one fetch, and all get its token', async () => {
    const held = gate();
    endpoint.handler = held.handler(issueTokens(3600));
    const cache = caches().cacheFor(client());

    const calls = Array.from({ length: 50 }, () => cache.token());
    await waitUntil('the endpoint received the grant', () => endpoint.grants.length === 1);
    expect(cache.status().state).toBe('REFRESHING');
    held.open();

    expect(new Set(await Promise.all(calls))).toEqual(new Set(['token-1']));
    expect(endpoint.grants).toHaveLength(1);
  });

  it('a slow endpoint for one client does not delay another', async () => {
    const held = gate();
    const issue = issueTokens(3600);
    endpoint.handler = (grant, count) => (grant.form.client_id === 'slow-app' ? held.handler(issue)(grant, count) : issue(grant, count));
    const registry = caches();
    const slow = registry.cacheFor(client({ clientId: 'slow-app' }));
    const fast = registry.cacheFor(client({ clientId: 'fast-app' }));

    const slowToken = slow.token();
    await waitUntil('the slow grant arrived', () => endpoint.grants.length === 1);
    expect(await fast.token()).toBe('token-2');
    expect(slow.status().state).toBe('REFRESHING');
    held.open();
    expect(await slowToken).toBe('token-1');
  });

  it('a revoked token: reject() evicts it, the next callers share one re-fetch', async () => {
    const cache = caches().cacheFor(client());
    const revoked = await cache.token();

    cache.reject(revoked);
    expect(cache.status().state).toBe('NONE');
    const after = await Promise.all(Array.from({ length: 10 }, () => cache.token()));

    expect(new Set(after)).toEqual(new Set(['token-2']));
    expect(endpoint.grants).toHaveLength(2);
  });

  it('a late rejection of an old token does not evict the refreshed one', async () => {
    const cache = caches().cacheFor(client());
    const old = await cache.token();
    cache.reject(old);
    const fresh = await cache.token();

    cache.reject(old); // a send that began with the old token fails late
    expect(cache.status().state).toBe('VALID');
    expect(await cache.token()).toBe(fresh);
    expect(endpoint.grants).toHaveLength(2);
  });

  it('a refused grant: callers get the classified error, no refetch during the backoff, then a retry', async () => {
    endpoint.handler = refusal();
    const cache = caches().cacheFor(client());

    const first = await cache.token().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(TokenError);
    expect(first).toMatchObject({ code: 'GRANT_REFUSED', providerError: 'invalid_client', aadsts: 'AADSTS7000215' });
    const status = cache.status();
    expect(status.state).toBe('FAILED');
    expect(status.lastError).toContain('invalid_client: AADSTS7000215');
    expect(status.lastError).not.toContain(CLIENT_SECRET);

    await expect(cache.token()).rejects.toBe(first);
    expect(endpoint.grants).toHaveLength(1);

    endpoint.handler = issueTokens(3600);
    clock.now += 1_001; // past the first backoff (1 s)
    expect(await cache.token()).toBe('token-2');
    expect(cache.status()).toMatchObject({ state: 'VALID', lastError: null });
  });

  it('the backoff doubles with each failure in a row', async () => {
    endpoint.handler = refusal();
    const cache = caches().cacheFor(client());
    await expect(cache.token()).rejects.toThrow(TokenError);
    clock.now += 1_001;
    await expect(cache.token()).rejects.toThrow(TokenError);
    expect(endpoint.grants).toHaveLength(2);
    clock.now += 1_500; // less than the second backoff (2 s)
    await expect(cache.token()).rejects.toThrow(TokenError);
    expect(endpoint.grants).toHaveLength(2);
    clock.now += 600;
    await expect(cache.token()).rejects.toThrow(TokenError);
    expect(endpoint.grants).toHaveLength(3);
  });

  it('a slow endpoint: callers get TIMEOUT, not a hang, and the status says FAILED', async () => {
    endpoint.handler = () => 'hang';
    const cache = caches(400).cacheFor(client());
    await expect(cache.token()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(cache.status()).toMatchObject({ state: 'FAILED', lastError: expect.stringContaining('did not answer') });
  });

  it('a refresh that fails before expiry keeps serving the current token until it expires', async () => {
    endpoint.handler = issueTokens(100);
    const cache = caches().cacheFor(client());
    const fetchedAt = clock.now;
    expect(await cache.token()).toBe('token-1');

    endpoint.handler = refusal();
    clock.now = fetchedAt + 80_000;
    expect(await cache.token()).toBe('token-1');
    expect(cache.status()).toMatchObject({ state: 'VALID', lastError: expect.stringContaining('invalid_client') });
    clock.now = fetchedAt + 100_001;
    await expect(cache.token()).rejects.toMatchObject({ code: 'GRANT_REFUSED' });
  });
});

describe('the registry of token caches', () => {
  it('hands out one cache per configuration: any field changed, secrets included, gives a new one', () => {
    const registry = caches();
    const base = client();
    const cache = registry.cacheFor(base);

    expect(registry.cacheFor({ ...base })).toBe(cache);
    for (const change of [{ clientSecret: 'another-secret' }, { user: 'other@example.com' }, { scope: null }, { tokenUrl: endpoint.url('/other') }]) {
      expect(registry.cacheFor({ ...base, ...change })).not.toBe(cache);
    }
  });

  it('forgets the caches no live transport uses', async () => {
    const registry = caches();
    const kept = client({ clientId: 'kept' });
    const dropped = client({ clientId: 'dropped' });
    const keptCache = registry.cacheFor(kept);
    const droppedCache = registry.cacheFor(dropped);
    await droppedCache.token();

    registry.retainOnly([kept]);

    expect(registry.size).toBe(1);
    expect(registry.cacheFor(kept)).toBe(keptCache);
    expect(registry.cacheFor(dropped)).not.toBe(droppedCache);
  });
});
