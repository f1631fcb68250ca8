import { ADMIN_TOKEN, OTHER_SENDER_TOKEN, SENDER_TOKEN, useTestApp } from '../support/test-app';
import { jobsByMessage, message, rowId, send, sent, TableQueue } from './support';

const queue = new TableQueue();

describe('sendEmail idempotency', () => {
  const t = useTestApp({ outboundQueue: queue });
  beforeAll(() => TableQueue.createTable(t.db));

  it('returns the first message as a duplicate for the same key and content, queueing nothing new', async () => {
    const input = message({ idempotencyKey: 'order-1001', subject: 'Your order' });
    const first = await send(t, input, SENDER_TOKEN);
    const again = await send(t, input, SENDER_TOKEN);
    expect(first.data?.sendEmail.duplicate).toBe(false);
    expect(again.data?.sendEmail).toEqual({ duplicate: true, message: first.data?.sendEmail.message });
    const id = rowId(first.data?.sendEmail.message.id ?? '');
    expect((await jobsByMessage(t.db)).get(id)).toBe(1);
    expect(await t.db.query(`SELECT id FROM outbound_message WHERE idempotency_key = 'order-1001'`)).toHaveLength(1);
  });

  it('refuses the same key with other content with CONFLICT and stores nothing', async () => {
    await sent(t, message({ idempotencyKey: 'order-1002', text: 'first' }), SENDER_TOKEN);
    const other = await send(t, message({ idempotencyKey: 'order-1002', text: 'second' }), SENDER_TOKEN);
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await t.db.query(`SELECT text_body FROM outbound_message WHERE idempotency_key = 'order-1002'`)).toEqual([{ text_body: 'first' }]);
  });

  it('keeps keys per caller: another sender may use the same key for its own message', async () => {
    const mine = await sent(t, message({ idempotencyKey: 'shared-key' }), SENDER_TOKEN);
    const theirs = await send(t, message({ idempotencyKey: 'shared-key' }), OTHER_SENDER_TOKEN);
    expect(theirs.data?.sendEmail.duplicate).toBe(false);
    expect(theirs.data?.sendEmail.message.id).not.toBe(mine.id);
    expect(theirs.data?.sendEmail.message.createdBy).toBe('sid');
  });

  it('creates one message and one job for concurrent identical requests, and answers every one with it', async () => {
    const input = message({ idempotencyKey: 'burst-1', subject: 'Burst' });
    const results = await Promise.all(Array.from({ length: 20 }, () => send(t, input, SENDER_TOKEN)));
    expect(results.map((result) => result.errors)).toEqual(results.map(() => undefined));
    const ids = new Set(results.map((result) => result.data?.sendEmail.message.id));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.data?.sendEmail.duplicate === false)).toHaveLength(1);
    const rows = await t.db.query<{ id: string }>(`SELECT id FROM outbound_message WHERE idempotency_key = 'burst-1'`);
    expect(rows).toHaveLength(1);
    expect((await jobsByMessage(t.db)).get(rows[0]?.id ?? '')).toBe(1);
  });

  it('lets concurrent requests with one key and different content store one message: the others get CONFLICT', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) => send(t, message({ idempotencyKey: 'burst-2', text: `variant ${index}` }), ADMIN_TOKEN)),
    );
    const accepted = results.filter((result) => result.data?.sendEmail.duplicate === false);
    expect(accepted).toHaveLength(1);
    expect(results.filter((result) => result.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(9);
    expect(await t.db.query(`SELECT id FROM outbound_message WHERE idempotency_key = 'burst-2'`)).toHaveLength(1);
  });
});
