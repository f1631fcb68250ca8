import { ApolloClient, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { UPDATE_HOST, wsUrl } from './subscription-clients';

const CHANGED = gql`
  subscription Changed {
    mailSessionChanged {
      version
      outgoing {
        host
      }
    }
  }
`;

describe("Apollo Client 4's GraphQLWsLink", () => {
  const t = useTestApp();

  it('receives mailSessionChanged with default settings and the token in connectionParams', async () => {
    const wsClient = createClient({ url: wsUrl(t.url), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${VIEWER_TOKEN}` } });
    const client = new ApolloClient({ link: new GraphQLWsLink(wsClient), cache: new InMemoryCache() });
    const received: unknown[] = [];
    const subscription = client.subscribe<{ mailSessionChanged: { version: number; outgoing: { host: string | null } } }>({ query: CHANGED }).subscribe({
      next: (result) => received.push(result.data),
      error: (error: unknown) => received.push({ error: String(error) }),
    });
    try {
      await waitUntil('the subscription is in place', () => t.app.mailSessionChanges.subscribers === 1);
      const writer = new ApolloClient({ link: new HttpLink({ uri: t.url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), cache: new InMemoryCache() });
      const mutation: TypedDocumentNode<{ updateMailSession: { mailSession: { version: number } } }> = gql(UPDATE_HOST);
      const written = await writer.mutate({
        mutation,
        variables: { input: { outgoing: { host: 'apollo.example.com' } } },
      });
      const version = written.data?.updateMailSession.mailSession.version;
      await waitUntil('the event arrived', () => received.length > 0, 5_000);
      expect(received).toEqual([
        { mailSessionChanged: { __typename: 'MailSession', version, outgoing: { __typename: 'OutgoingServer', host: 'apollo.example.com' } } },
      ]);
    } finally {
      subscription.unsubscribe();
      await wsClient.dispose();
    }
  });
});
