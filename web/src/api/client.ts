import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { OperationTypeNode } from 'graphql';
import { createConsoleCache } from './cache';
import { isUnauthenticated } from './errors';
import { createLiveLink } from './live-link';

/**
 * The console's Apollo Client: the API at /graphql on the same origin, the token as a bearer
 * header. A refused token (UNAUTHENTICATED) anywhere signs the page out; `onReconnected` hears
 * each time the live socket is open again after it dropped.
 */
export function createConsoleClient(token: string, onUnauthenticated: () => void, onReconnected: () => void = () => undefined): ApolloClient {
  const http = new HttpLink({ uri: '/graphql', headers: { authorization: `Bearer ${token}` } });
  const signOutOnRefusal = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error)) onUnauthenticated();
  });
  // Subscriptions (the live notice) over WebSocket, everything else over HTTP.
  const transport = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    createLiveLink(token, onUnauthenticated, onReconnected),
    http,
  );
  return new ApolloClient({
    link: ApolloLink.from([signOutOnRefusal, transport]),
    cache: createConsoleCache(),
    clientAwareness: { name: 'admin-console', version: '1' },
  });
}
