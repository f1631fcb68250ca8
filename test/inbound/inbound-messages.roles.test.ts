import { inboundGlobalId, insertInboundRows } from '../support/inbound-rows';
import { ADMIN_TOKEN, RECEIVER_TOKEN, SENDER_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { ACKNOWLEDGE, INBOUND_MESSAGE, INBOUND_MESSAGES, INBOUND_RAW, NODE } from './inbound.operations';

const app = useTestApp();

/** Each inbound operation, sent for a fresh NEW message (so acknowledging succeeds when allowed). */
async function operations(): Promise<[string, string, Record<string, unknown>][]> {
  const [row] = await insertInboundRows(app.db.query, [{}]);
  const id = inboundGlobalId(row?.id ?? '');
  return [
    ['inboundMessages', INBOUND_MESSAGES, { status: 'NEW', first: 1 }],
    ['inboundMessage', INBOUND_MESSAGE, { id }],
    ['inboundMessage.raw', INBOUND_RAW, { id }],
    ['node', NODE, { id }],
    ['acknowledgeInboundMessage', ACKNOWLEDGE, { input: { id } }],
  ];
}

describe('who may read and acknowledge inbound messages', () => {
  it.each([
    ['a receiver', RECEIVER_TOKEN],
    ['an admin', ADMIN_TOKEN],
  ])('%s may use every inbound operation', async (_who, token) => {
    for (const [name, query, variables] of await operations()) {
      const result = await app.gql(query, variables, token);
      expect({ name, errors: result.errors }).toEqual({ name, errors: undefined });
      expect(result.data).toBeTruthy();
    }
  });

  it.each([
    ['a viewer: the bodies are private mail, not settings', VIEWER_TOKEN],
    ['a sender: sending mail is not reading it', SENDER_TOKEN],
  ])('%s is refused every inbound operation with FORBIDDEN, and no message is returned', async (_who, token) => {
    for (const [name, query, variables] of await operations()) {
      const result = await app.gql(query, variables, token);
      expect({ name, code: result.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'FORBIDDEN' });
      expect(JSON.stringify(result.data ?? null)).not.toContain('Hello');
    }
  });

  it('refuses every inbound operation without a token (UNAUTHENTICATED)', async () => {
    for (const [name, query, variables] of await operations()) {
      const result = await app.gql(query, variables, null);
      expect({ name, code: result.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'UNAUTHENTICATED' });
    }
  });

  it('a refused caller leaves the message NEW', async () => {
    const [row] = await insertInboundRows(app.db.query, [{}]);
    await app.gql(ACKNOWLEDGE, { input: { id: inboundGlobalId(row?.id ?? '') } }, VIEWER_TOKEN);
    await app.gql(ACKNOWLEDGE, { input: { id: inboundGlobalId(row?.id ?? '') } }, SENDER_TOKEN);
    expect(await app.db.query('SELECT status::text AS status FROM inbound_message WHERE id = $1', [row?.id])).toEqual([{ status: 'NEW' }]);
  });
});
