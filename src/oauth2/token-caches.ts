/**
 * The token caches of this instance, one per OAuth 2.0 client configuration. The key is a keyed
 * hash of every field, secrets included, so any change (a new secret, another user) gives a new
 * cache and a token is never served for a configuration it was not obtained with; the hash key
 * is random per process, so the key says nothing about a secret even if it were ever seen.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import type { TlsTrust } from '../transport/tls-trust.js';
import type { OAuth2Client } from './oauth2-client.js';
import { TokenCache, type TokenCacheOptions, type TokenFetcher } from './token-cache.js';
import { fetchToken } from './token-endpoint.js';

const HASH_KEY = randomBytes(32);

/** The cache key of a client configuration: every field, in a fixed order. */
export function clientKey(client: OAuth2Client): string {
  const fields = [
    client.grant,
    client.tokenUrl,
    client.clientId,
    client.scope,
    client.clientSecret,
    client.refreshToken,
    client.privateKey,
    client.serviceAccountEmail,
    client.user,
  ];
  return createHmac('sha256', HASH_KEY).update(JSON.stringify(fields)).digest('hex');
}

export class TokenCaches {
  private readonly caches = new Map<string, TokenCache>();
  private readonly settledListeners: (() => void)[] = [];

  constructor(
    private readonly fetcher: TokenFetcher,
    private readonly options: TokenCacheOptions = {},
  ) {}

  /**
   * Calls `listener` each time a fetch of a kept cache (one `cacheFor` made) has settled, so that
   * a change of a live token's status can be told to subscribers. A connection test's own cache
   * (`liveOrTransient`) does not call it.
   */
  onSettled(listener: () => void): void {
    this.settledListeners.push(listener);
  }

  /** The cache for `client`'s configuration, made on first use. */
  cacheFor(client: OAuth2Client): TokenCache {
    const key = clientKey(client);
    let cache = this.caches.get(key);
    if (!cache) {
      cache = new TokenCache({ ...client }, this.fetcher, {
        ...this.options,
        onSettled: () => {
          for (const listener of this.settledListeners) listener();
        },
      });
      this.caches.set(key, cache);
    }
    return cache;
  }

  /**
   * The cache of `client`'s configuration when the live transports have one, else a cache of its
   * own that is not kept: a connection test of unsaved settings leaves no token behind.
   */
  liveOrTransient(client: OAuth2Client): TokenCache {
    return this.caches.get(clientKey(client)) ?? new TokenCache({ ...client }, this.fetcher, this.options);
  }

  /**
   * Forgets every cache but those of `clients` (the configurations the live transports use), so
   * the tokens of replaced settings leave memory.
   */
  retainOnly(clients: readonly OAuth2Client[]): void {
    const live = new Set(clients.map(clientKey));
    for (const key of this.caches.keys()) if (!live.has(key)) this.caches.delete(key);
  }

  /** How many configurations have a cache (for tests and metrics). */
  get size(): number {
    return this.caches.size;
  }
}

/** The registry of the service: tokens fetched through its network policy and TLS trust. */
export function createTokenCaches(network: NetworkPolicy, trust: TlsTrust, log: Logger): TokenCaches {
  return new TokenCaches((client) => fetchToken(client, { network, trust }), { log: log.child({ component: 'oauth2' }) });
}
