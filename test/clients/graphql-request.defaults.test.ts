import { ClientError, GraphQLClient, request } from 'graphql-request';
import { loadConfig } from '../../src/config/env';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { blockedInBrowser, recordRequests } from './browser-cors';
import { RENAME_SENDER, SETTINGS, type MailSessionData } from './operations';

const ORIGIN = 'https://admin.example.com';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('graphql-request 7 with its default settings', () => {
  const t = useTestApp({ httpLimits: loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: ORIGIN }).httpLimits });

  it('reads the settings with request()', async () => {
    const { result, requests } = await recordRequests(() => request<{ mailSession: MailSessionData }>(t.url, SETTINGS, {}, bearer(ADMIN_TOKEN)));
    expect(result.mailSession.version).toEqual(expect.any(Number));
    expect(await blockedInBrowser(requests, ORIGIN)).toEqual([]);
  });

  it('changes the settings with a GraphQLClient mutation', async () => {
    const client = new GraphQLClient(t.url, { headers: bearer(ADMIN_TOKEN) });
    const { result, requests } = await recordRequests(() =>
      client.request<{ updateMailSession: { mailSession: MailSessionData } }>(RENAME_SENDER, { input: { defaultSender: { name: 'graphql-request' } } }),
    );
    expect(result.updateMailSession.mailSession.defaultSender.name).toBe('graphql-request');
    expect((await client.request<{ mailSession: MailSessionData }>(SETTINGS)).mailSession).toEqual(result.updateMailSession.mailSession);
    expect(await blockedInBrowser(requests, ORIGIN)).toEqual([]);
  });

  it('throws a ClientError carrying the GraphQL errors and their codes when a mutation is refused', async () => {
    const client = new GraphQLClient(t.url, { headers: bearer(VIEWER_TOKEN) });
    const error: unknown = await client.request(RENAME_SENDER, { input: { defaultSender: { name: 'viewer' } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
