/**
 * The OAuth 2.0 sign-in of a settings row's servers: each OAUTH2 server's client read from the
 * row (secrets decrypted with their contexts), its token source and the TOKEN step's detailed
 * fetch. The live transports take the instance's shared caches; a connection test of other
 * settings gets a cache of its own, so a candidate never leaves a token behind.
 */
import type { OAuth2Client } from '../oauth2/oauth2-client.js';
import type { TokenCache } from '../oauth2/token-cache.js';
import { clientKey, type TokenCaches } from '../oauth2/token-caches.js';
import { tokenCheck } from '../oauth2/token-check.js';
import type { TokenEndpointOptions } from '../oauth2/token-endpoint.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import { oauth2ClientOf } from './oauth2-client-of.js';
import type { ServerTokenSources } from './transport-factory.js';

const SIDES = ['outgoing', 'incoming'] as const;

export interface OAuth2Sources {
  sources: ServerTokenSources;
  /** The clients behind `sources` (for `TokenCaches.retainOnly`). */
  clients: OAuth2Client[];
}

/**
 * The token sources of `row`'s OAUTH2 servers: `cacheOf` gives each client's cache, the key is
 * the cache key (a keyed hash, never a secret). A server whose client is incomplete or whose
 * secret cannot be decrypted gets none, and its transport is FAILED.
 */
export function oauth2Sources(
  row: StoredMailSession,
  box: SecretBox,
  cacheOf: (client: OAuth2Client) => TokenCache,
  endpoint: Omit<TokenEndpointOptions, 'signal'>,
): OAuth2Sources {
  const sources: ServerTokenSources = {};
  const clients: OAuth2Client[] = [];
  for (const side of SIDES) {
    let client: OAuth2Client | undefined;
    try {
      client = oauth2ClientOf(row, box, side);
    } catch {
      client = undefined;
    }
    if (!client) continue;
    clients.push(client);
    sources[side] = { key: clientKey(client), tokens: cacheOf(client), check: tokenCheck(client, endpoint) };
  }
  return { sources, clients };
}

/**
 * The live transports' sources: the instance's shared caches, forgetting every other
 * configuration's. Each server with a host fetches its first token now (in the background), so a
 * client the provider refuses shows as a FAILED transport before the first send.
 */
export function liveOAuth2Sources(
  row: StoredMailSession,
  box: SecretBox,
  caches: TokenCaches,
  endpoint: Omit<TokenEndpointOptions, 'signal'>,
): ServerTokenSources {
  const { sources, clients } = oauth2Sources(row, box, (client) => caches.cacheFor(client), endpoint);
  caches.retainOnly(clients);
  const hosts = { outgoing: row.outgoingHost, incoming: row.incomingHost };
  for (const side of SIDES) {
    // A failure is kept by the cache (status, backoff); nothing waits on this.
    if (hosts[side] !== null) sources[side]?.tokens.token().catch(() => undefined);
  }
  return sources;
}
