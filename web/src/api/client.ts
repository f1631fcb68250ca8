import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { isUnauthenticated } from './errors';

/**
 * The console's Apollo Client: the API at /graphql on the same origin, the token as a bearer
 * header. A refused token (UNAUTHENTICATED) anywhere signs the page out.
 */
export function createConsoleClient(token: string, onUnauthenticated: () => void): ApolloClient {
  const http = new HttpLink({ uri: '/graphql', headers: { authorization: `Bearer ${token}` } });
  const signOutOnRefusal = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error)) onUnauthenticated();
  });
  return new ApolloClient({
    link: ApolloLink.from([signOutOnRefusal, http]),
    cache: new InMemoryCache(),
    clientAwareness: { name: 'admin-console', version: '1' },
  });
}
