import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { MAIL_SESSION_CHANGED, openRaw, subscribe, UPDATE_HOST, wsClient } from './subscription-clients';

describe('mailSessionChanged over graphql-ws at /graphql', () => {
  const t = useTestApp();

  async function setHost(host: string): Promise<number> {
    const result = await t.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE_HOST, { input: { outgoing: { host } } });
    expect(result.errors).toBeUndefined();
    return result.data?.updateMailSession.mailSession.version ?? -1;
  }

  it('sends a viewer the settings this instance applied after an update, once per version, in order, and completes', async () => {
    const client = wsClient(t.url, VIEWER_TOKEN);
    try {
      const { events, dispose } = subscribe(client, MAIL_SESSION_CHANGED);
      await waitUntil('the subscription is in place', () => t.app.mailSessionChanges.subscribers === 1);
      expect(t.app.subscriptions.open).toBe(1);
      const v1 = await setHost('smtp-a.example.com');
      const v2 = await setHost('smtp-b.example.com');
      const e1 = await events.next();
      const e2 = await events.next();
      expect(e1).toEqual({
        data: {
          mailSessionChanged: { version: v1, outgoing: { host: 'smtp-a.example.com' }, transports: { outgoing: { state: 'READY', appliedVersion: v1 } } },
        },
      });
      expect(e2.data?.mailSessionChanged).toMatchObject({ version: v2, outgoing: { host: 'smtp-b.example.com' } });
      // A change that changes nothing commits no version, and sends nothing.
      await setHost('smtp-b.example.com');
      dispose();
      await waitUntil('the subscription ended on the server', () => t.app.mailSessionChanges.subscribers === 0);
      await setHost('smtp-c.example.com');
      expect(events.size).toBe(0);
      expect(events.completed).toBe(true);
      // graphql-ws's lazy client closes its socket once its last subscription ended.
      await waitUntil('the socket closed', () => t.app.subscriptions.open === 0);
    } finally {
      await client.dispose();
    }
  });

  it('acknowledges a connection with a valid token', async () => {
    const raw = await openRaw(t.url);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await expect(new Promise((resolve) => raw.socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))))).resolves.toEqual({
      type: 'connection_ack',
    });
    raw.socket.close(1000);
    await raw.closed;
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-a-token' }],
    ['a malformed header', { authorization: ADMIN_TOKEN }],
  ])('closes a connection with %s with 4401 before it is told anything', async (_what, payload) => {
    const raw = await openRaw(t.url);
    raw.send({ type: 'connection_init', payload });
    expect(await raw.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
    expect(raw.messages).toEqual([]);
  });

  it('closes a socket that subscribes before connection_init without answering it', async () => {
    const raw = await openRaw(t.url);
    raw.send({ id: '1', type: 'subscribe', payload: { query: MAIL_SESSION_CHANGED } });
    expect((await raw.closed).code).toBe(4401);
    expect(raw.messages).toEqual([]);
  });

  /** The errors a subscribe got from the server (graphql-ws's `error` message). */
  async function refusal(query: string): Promise<{ message: string; extensions?: Record<string, unknown> }[]> {
    const client = wsClient(t.url, ADMIN_TOKEN);
    try {
      const { events } = subscribe(client, query);
      await events.next();
      return events.error as never;
    } finally {
      await client.dispose();
    }
  }

  it.each([
    ['a query', '{ mailSession { version } }'],
    ['a mutation', 'mutation { updateMailSession(input: {}) { mailSession { version } } }'],
  ])('refuses %s over the socket: those go over HTTP', async (_what, query) => {
    const [error, ...more] = await refusal(query);
    expect(more).toEqual([]);
    expect(error?.extensions).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.stringMatching(/.+:.+/) });
    expect(error?.message).toContain('over HTTP');
  });

  it.each([
    ['a text longer than GRAPHQL_MAX_QUERY_BYTES', `subscription { mailSessionChanged { version } } # ${'x'.repeat(20_000)}`, 'BAD_REQUEST'],
    [
      'more aliases than GRAPHQL_MAX_ALIASES',
      `subscription { mailSessionChanged { ${Array.from({ length: 20 }, (_, i) => `a${i}: version`).join(' ')} } }`,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['more tokens than GRAPHQL_MAX_TOKENS', `subscription { mailSessionChanged { ${'version '.repeat(1_100)} } }`, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', 'subscription { mailSessionChanged { versionn } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a syntax error', 'subscription { mailSessionChanged { ', 'GRAPHQL_PARSE_FAILED'],
    // graphql-js 16 throws on this while validating, rather than reporting it.
    ['@include on the root field', 'subscription S($on: Boolean!) { mailSessionChanged @include(if: $on) { version } }', 'GRAPHQL_VALIDATION_FAILED'],
  ])('refuses %s as HTTP does', async (_what, query, code) => {
    const [error] = await refusal(query);
    expect(error?.extensions?.code).toBe(code);
    expect(error?.message).not.toMatch(/\d{3,}/);
  });

  it('answers a subscription sent over HTTP with an error that says where subscriptions are served', async () => {
    const result = await t.gql('subscription { mailSessionChanged { version } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(result.errors?.[0]?.message).toContain('WebSocket');
    expect(result.data ?? null).toBeNull();
  });

  it('refuses a subscription over HTTP before validation: a root @include on a variable is BAD_REQUEST, not a 500', async () => {
    // graphql-js 16's SingleFieldSubscriptionsRule throws on this document, which Apollo answered with a masked 500.
    const query = 'subscription S($on: Boolean!) { mailSessionChanged @include(if: $on) { version } }';
    for (const operationName of [undefined, 'S']) {
      const result = await t.gql(operationName === undefined ? query : `query Q { mailSession { version } } ${query}`, { on: true });
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.any(String) });
      expect(result.errors?.[0]?.message).toContain('WebSocket');
    }
  });
});
