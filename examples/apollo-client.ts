// A typed Apollo Client 4 for the service. The documents are in examples/operations/*.graphql;
// `npm run codegen` turns them into TypedDocumentNodes (examples/generated/graphql.ts), so the
// data and the variables below are typed from the schema with no type written by hand.
// test/contract/apollo-client-example.test.ts runs these functions against a real service.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import {
  MailSessionChangedDocument,
  MailSessionDocument,
  MailSessionHistoryDocument,
  SendTestEmailDocument,
  TestMailSessionDocument,
  UpdateMailSessionDocument,
  type MailSessionChangedSubscription,
  type MailSessionHistoryQuery,
  type MailSessionQuery,
  type OutgoingServerInput,
  type SendTestEmailMutation,
  type TestMailSessionMutation,
  type UpdateMailSessionMutation,
} from './generated/graphql.js';

/**
 * A client for the service at `url` (…/graphql), sending `token` as a bearer token: queries and
 * mutations over HTTP, subscriptions over graphql-ws at the same URL (the token in
 * connectionParams). Browsers have a WebSocket; Node 20 takes one as `webSocketImpl` (the `ws` package).
 */
export function createMailSessionClient(url: string, token: string, webSocketImpl?: unknown): ApolloClient {
  const http = new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } });
  const ws = new GraphQLWsLink(createClient({ url: url.replace(/^http/, 'ws'), connectionParams: { authorization: `Bearer ${token}` }, webSocketImpl }));
  const isSubscription = (operation: ApolloLink.Operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION;
  return new ApolloClient({ link: ApolloLink.split(isSubscription, ws, http), cache: new InMemoryCache() });
}

/** The settings as an admin console shows them. */
export async function readSettings(client: ApolloClient): Promise<MailSessionQuery['mailSession']> {
  // `data` is MailSessionQuery: a GraphQL error rejects the promise (the default errorPolicy, 'none').
  const { data } = await client.query({ query: MailSessionDocument, fetchPolicy: 'network-only' });
  if (!data) throw new Error('mailSession answered no data');
  return data.mailSession;
}

/**
 * Changes the outgoing server, unless someone else changed the settings since `expectedVersion`
 * (then the promise rejects with a CONFLICT error). Fields left out of `outgoing` keep their values.
 */
export async function changeOutgoingServer(
  client: ApolloClient,
  outgoing: OutgoingServerInput,
  expectedVersion: number,
): Promise<UpdateMailSessionMutation['updateMailSession']> {
  const { data } = await client.mutate({ mutation: UpdateMailSessionDocument, variables: { input: { expectedVersion, outgoing } } });
  if (!data) throw new Error('updateMailSession answered no data');
  return data.updateMailSession;
}

type Revision = MailSessionHistoryQuery['mailSessionHistory']['edges'][number]['node'];

/** Every committed change, newest first, read `pageSize` revisions at a time. */
export async function readHistory(client: ApolloClient, pageSize = 20): Promise<Revision[]> {
  const revisions: Revision[] = [];
  let after: string | null = null;
  for (;;) {
    const { data } = await client.query({ query: MailSessionHistoryDocument, variables: { first: pageSize, after }, fetchPolicy: 'network-only' });
    if (!data) throw new Error('mailSessionHistory answered no data');
    const page: MailSessionHistoryQuery['mailSessionHistory'] = data.mailSessionHistory;
    revisions.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return revisions;
    after = page.pageInfo.endCursor;
  }
}

/** Tests the saved settings step by step (connects, logs in, tries the sender); saves and sends nothing. */
export async function testSavedSettings(client: ApolloClient): Promise<TestMailSessionMutation['testMailSession']> {
  const { data } = await client.mutate({ mutation: TestMailSessionDocument });
  if (!data) throw new Error('testMailSession answered no data');
  return data.testMailSession;
}

/** Sends a real test message to `to` through the live outgoing transport. */
export async function sendTestEmail(client: ApolloClient, to: string): Promise<SendTestEmailMutation['sendTestEmail']> {
  const { data } = await client.mutate({ mutation: SendTestEmailDocument, variables: { to } });
  if (!data) throw new Error('sendTestEmail answered no data');
  return data.sendTestEmail;
}

/** Calls `onChange` with the settings each time the service applies a new version; returns the unsubscribe. */
export function watchSettings(
  client: ApolloClient,
  onChange: (settings: MailSessionChangedSubscription['mailSessionChanged']) => void,
  onError: (error: unknown) => void,
): () => void {
  const subscription = client.subscribe({ query: MailSessionChangedDocument }).subscribe({
    next: ({ data, error }) => {
      if (error) onError(error);
      else if (data) onChange(data.mailSessionChanged);
    },
    error: onError,
  });
  return () => subscription.unsubscribe();
}
