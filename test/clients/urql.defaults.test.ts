import { cacheExchange, createClient, fetchExchange, type Client } from '@urql/core';
import { loadConfig } from '../../src/config/env';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { blockedInBrowser, recordRequests } from './browser-cors';
import { RENAME_SENDER, SETTINGS, type MailSessionData } from './operations';

const ORIGIN = 'https://admin.example.com';

/**
 * urql as its documentation sets it up: the default exchanges, and only the token added. Its
 * defaults send a query as GET (`preferGetMethod: 'within-url-limit'`) with no content type, and
 * a mutation as a JSON POST.
 */
function urqlClient(url: string): Client {
  return createClient({ url, exchanges: [cacheExchange, fetchExchange], fetchOptions: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } });
}

describe('urql (@urql/core 6) with its default settings', () => {
  const t = useTestApp({ httpLimits: loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: ORIGIN }).httpLimits });

  it('reads the settings with a query it sends as GET without a content type', async () => {
    const { result, requests } = await recordRequests(() => urqlClient(t.url).query<{ mailSession: MailSessionData }>(SETTINGS, {}).toPromise());
    expect(result.error).toBeUndefined();
    expect(result.data?.mailSession.version).toEqual(expect.any(Number));
    expect(requests.map((request) => request.method)).toEqual(['GET']);
    expect(requests[0]?.headers.get('content-type')).toBeNull();
    // From an allowed origin in a browser, nothing about the request stops it.
    expect(await blockedInBrowser(requests, ORIGIN)).toEqual([]);
  });

  it('changes the settings with a mutation, and its document cache serves the change to the next query', async () => {
    const client = urqlClient(t.url);
    const { result, requests } = await recordRequests(async () => {
      const before = await client.query<{ mailSession: MailSessionData }>(SETTINGS, {}).toPromise();
      const changed = await client
        .mutation<{ updateMailSession: { mailSession: MailSessionData } }>(RENAME_SENDER, { input: { defaultSender: { name: 'urql' } } })
        .toPromise();
      // The mutation returned a MailSession, so urql's document cache dropped the cached query.
      const after = await client.query<{ mailSession: MailSessionData }>(SETTINGS, {}).toPromise();
      return { before, changed, after };
    });
    expect([result.before.error, result.changed.error, result.after.error]).toEqual([undefined, undefined, undefined]);
    expect(result.changed.data?.updateMailSession.mailSession.defaultSender.name).toBe('urql');
    expect(result.changed.data?.updateMailSession.mailSession.version).toBeGreaterThan(result.before.data?.mailSession.version ?? Infinity);
    expect(result.after.data?.mailSession).toEqual(result.changed.data?.updateMailSession.mailSession);
    expect(requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
    expect(await blockedInBrowser(requests, ORIGIN)).toEqual([]);
  });
});
