import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { loadConfig } from '../../src/config/env';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { blockedInBrowser, recordRequests } from './browser-cors';
import { RENAME_SENDER, SETTINGS } from './operations';

const ORIGIN = 'https://admin.example.com';

const SET_OUTGOING_PORT = gql`
  mutation SetOutgoingPort($port: Int!) {
    updateMailSession(input: { outgoing: { port: $port } }) {
      mailSession {
        version
      }
    }
  }
`;

/** Apollo Client 4 as its documentation sets it up: HttpLink and InMemoryCache, with only the token added. */
function apolloClient(url: string, token = ADMIN_TOKEN, options: Partial<ApolloClient.Options> = {}): ApolloClient {
  return new ApolloClient({ link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } }), cache: new InMemoryCache(), ...options });
}

/** The error a rejected operation threw, for assertions on its class and content. */
async function rejection(operation: Promise<unknown>): Promise<unknown> {
  try {
    await operation;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail');
}

describe('Apollo Client 4 with its default settings', () => {
  const t = useTestApp({ httpLimits: loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: ORIGIN }).httpLimits });

  it('reads the settings with a query', async () => {
    const { data } = await apolloClient(t.url).query({ query: SETTINGS });
    expect(data?.mailSession).toMatchObject({ __typename: 'MailSession', version: expect.any(Number) });
  });

  it('changes the settings with a mutation', async () => {
    const { data } = await apolloClient(t.url).mutate({
      mutation: RENAME_SENDER,
      variables: { input: { defaultSender: { name: 'apollo' } } },
    });
    expect(data?.updateMailSession.mailSession.defaultSender.name).toBe('apollo');
    const { data: read } = await apolloClient(t.url).query({ query: SETTINGS });
    expect(read?.mailSession.defaultSender.name).toBe('apollo');
  });

  it('reads a variable of the wrong type as a GraphQL error with its code, not a network error', async () => {
    const error = await rejection(apolloClient(t.url).mutate({ mutation: SET_OUTGOING_PORT, variables: { port: 'twenty-five' } }));
    expect(error).toBeInstanceOf(CombinedGraphQLErrors);
    expect((error as CombinedGraphQLErrors).errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reads a refused mutation (a viewer token) as a GraphQL error with its code', async () => {
    const error = await rejection(
      apolloClient(t.url, VIEWER_TOKEN).mutate({ mutation: RENAME_SENDER, variables: { input: { defaultSender: { name: 'viewer' } } } }),
    );
    expect(error).toBeInstanceOf(CombinedGraphQLErrors);
    expect((error as CombinedGraphQLErrors).errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('named (clientAwareness), passes a browser preflight from an allowed origin for its query and its mutation', async () => {
    const client = apolloClient(t.url, ADMIN_TOKEN, { clientAwareness: { name: 'admin-console', version: '1.2.3' } });
    const { requests } = await recordRequests(async () => {
      await client.query({ query: SETTINGS });
      await client.mutate({ mutation: RENAME_SENDER, variables: { input: { defaultSender: { name: 'named' } } } });
    });
    expect(requests.map((request) => request.headers.get('apollographql-client-name'))).toEqual(['admin-console', 'admin-console']);
    expect(await blockedInBrowser(requests, ORIGIN)).toEqual([]);
  });
});
