import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';

interface Read {
  mailSession: { id: string; version: number; outgoing: { host: string | null; port: number } };
}

const READ: TypedDocumentNode<Read> = gql`
  query ReadForCache {
    mailSession {
      id
      version
      outgoing {
        host
        port
      }
    }
  }
`;

const UPDATE = gql`
  mutation UpdateForCache($input: UpdateMailSessionInput!) {
    updateMailSession(input: $input) {
      mailSession {
        id
        version
        outgoing {
          host
          port
        }
      }
    }
  }
`;

describe('Apollo Client 4 with a default InMemoryCache', () => {
  const t = useTestApp();

  it('shows the new version and host after updateMailSession, in readQuery and in a cache-first query, with no cache configuration', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: t.url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
      cache: new InMemoryCache(),
    });
    try {
      const first = await client.query({ query: READ });
      expect(first.data?.mailSession).toMatchObject({ version: 0, outgoing: { host: null } });

      const updated = await client.mutate({ mutation: UPDATE, variables: { input: { outgoing: { host: 'smtp.cache.test', port: 2525 } } } });
      expect(updated.error).toBeUndefined();

      const expected = { version: 1, outgoing: { host: 'smtp.cache.test', port: 2525 } };
      expect(client.readQuery({ query: READ })?.mailSession).toMatchObject(expected);
      const cached = await client.query({ query: READ, fetchPolicy: 'cache-first' });
      expect(cached.data?.mailSession).toMatchObject(expected);
      // One entity for the settings, keyed by the id the API gives.
      expect(Object.keys(client.cache.extract() as Record<string, unknown>).filter((key) => key.startsWith('MailSession:'))).toEqual([
        `MailSession:${first.data?.mailSession.id}`,
      ]);
    } finally {
      client.stop();
    }
  });
});
