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

/**
 * Subscriptions over graphql-ws at /graphql, the token in `connectionParams.authorization` as the
 * service reads it. The socket opens with the first subscription and closes after the last; a
 * dropped socket is reopened (the service restarting, a proxy's idle timeout), a refused token
 * (close code 4401) is not: it signs the page out as a refused HTTP request does.
 */
export function createLiveLink(token: string, onUnauthenticated: () => void): GraphQLWsLink {
  return new GraphQLWsLink(
    createClient({
      url: liveUrl(),
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: (event) => closeCode(event) !== CloseCode.Unauthorized,
      on: {
        closed: (event) => {
          if (closeCode(event) === CloseCode.Unauthorized) onUnauthenticated();
        },
      },
    }),
  );
}
