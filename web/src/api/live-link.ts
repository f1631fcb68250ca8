import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { CloseCode, createClient } from 'graphql-ws';

/** ws: or wss: to /graphql on the page's own origin (the Content-Security-Policy allows no other). */
function liveUrl(): string {
  const url = new URL('/graphql', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function closeCode(event: unknown): number | undefined {
  return typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number' ? event.code : undefined;
}

/** Waits before the next try to reopen the socket: 1, 2, 4, 8 s, then every 10 s, with up to 1 s of jitter (many pages, one restarted service). */
function retryWait(retries: number): Promise<void> {
  const delay = Math.min(1000 * 2 ** retries, 10_000) + Math.random() * 1000;
  return new Promise((resolve) => setTimeout(resolve, delay));
}

/**
 * Subscriptions over graphql-ws at /graphql, the token in `connectionParams.authorization` as the
 * service reads it. The socket opens with the first subscription and closes after the last; a
 * dropped socket is reopened (the service restarting, a proxy's idle timeout), a refused token
 * (close code 4401) is not: it signs the page out as a refused HTTP request does.
 * `onReconnected` is called each time the socket is open again after the first time: events sent
 * while it was down are lost (subscriptions are signals, not queues), so the page reads again what
 * they would have told it.
 */
export function createLiveLink(token: string, onUnauthenticated: () => void, onReconnected: () => void): GraphQLWsLink {
  let connections = 0;
  return new GraphQLWsLink(
    createClient({
      url: liveUrl(),
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: Number.POSITIVE_INFINITY,
      retryWait,
      shouldRetry: (event) => closeCode(event) !== CloseCode.Unauthorized,
      on: {
        connected: () => {
          connections += 1;
          if (connections > 1) onReconnected();
        },
        closed: (event) => {
          if (closeCode(event) === CloseCode.Unauthorized) onUnauthenticated();
        },
      },
    }),
  );
}
