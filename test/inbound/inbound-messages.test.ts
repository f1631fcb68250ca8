import { inboundGlobalId, insertInboundRows } from '../support/inbound-rows';
import { RECEIVER_TOKEN, useTestApp } from '../support/test-app';
import { ACKNOWLEDGE, INBOUND_MESSAGE, INBOUND_MESSAGES, INBOUND_RAW, type AcknowledgeResult, type PageResult } from './inbound.operations';

const app = useTestApp();

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 6, minute));

function page(variables: Record<string, unknown>) {
  return app.gql<PageResult>(INBOUND_MESSAGES, variables, RECEIVER_TOKEN);
}

function acknowledge(id: string) {
  return app.gql<AcknowledgeResult>(ACKNOWLEDGE, { input: { id } }, RECEIVER_TOKEN);
}

describe('inboundMessages, inboundMessage and acknowledgeInboundMessage', () => {
  beforeEach(async () => {
    await app.db.query('DELETE FROM inbound_message');
  });

  it('answers a stored message field by field as the reader stored it, its raw source in base64', async () => {
    const raw = Buffer.from('From: Ann <ann@example.com>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nhi\r\n');
    const [row] = await insertInboundRows(app.db.query, [
      {
        messageId: '<abc@example.com>',
        fromName: 'Ann',
        fromAddress: 'ann@example.com',
        to: ['board@example.com', 'x@example.com'],
        cc: ['cc@example.com'],
        subject: 'Grüße',
        date: new Date('2026-12-04T08:00:00.000Z'),
        sizeBytes: raw.length,
        headers: [
          { name: 'From', value: 'Ann <ann@example.com>' },
          { name: 'Subject', value: 'Grüße' },
        ],
        text: 'hi',
        html: '<p>hi</p>',
        attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', size: 1234, contentId: null }],
        raw,
        receivedAt: new Date('2026-12-05T06:00:00.000Z'),
      },
    ]);
    const id = inboundGlobalId(row?.id ?? '');
    const one = await app.gql(INBOUND_MESSAGE, { id }, RECEIVER_TOKEN);
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({
      inboundMessage: {
        id,
        status: 'NEW',
        mailbox: 'imap://board@mail.example.com/INBOX',
        messageId: '<abc@example.com>',
        from: { name: 'Ann', address: 'ann@example.com' },
        to: ['board@example.com', 'x@example.com'],
        cc: ['cc@example.com'],
        subject: 'Grüße',
        date: '2026-12-04T08:00:00.000Z',
        size: raw.length,
        headers: [
          { name: 'From', value: 'Ann <ann@example.com>' },
          { name: 'Subject', value: 'Grüße' },
        ],
        text: 'hi',
        html: '<p>hi</p>',
        attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', size: 1234, contentId: null }],
        unparseable: false,
        refusedReason: null,
        receivedAt: '2026-12-05T06:00:00.000Z',
        acknowledgedAt: null,
        acknowledgedBy: null,
        rawDeletedAt: null,
      },
    });
    const withRaw = await app.gql<{ inboundMessage: { raw: string | null } }>(INBOUND_RAW, { id }, RECEIVER_TOKEN);
    expect(Buffer.from(withRaw.data?.inboundMessage.raw ?? '', 'base64')).toEqual(raw);
  });

  it('answers null for an unknown message and BAD_USER_INPUT for an id that is not an inbound message', async () => {
    const unknown = await app.gql(INBOUND_MESSAGE, { id: inboundGlobalId('0b0e2f5c-0000-4000-8000-000000000000') }, RECEIVER_TOKEN);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ inboundMessage: null });
    const settingsId = Buffer.from('MailSession:1').toString('base64url');
    const wrong = await app.gql(INBOUND_MESSAGE, { id: settingsId }, RECEIVER_TOKEN);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['id'] });
  });

  it('pages NEW messages oldest first; acknowledged ones leave NEW for ACKNOWLEDGED, and paging back with last and before', async () => {
    const rows = await insertInboundRows(
      app.db.query,
      [1, 2, 3, 4, 5].map((n) => ({ subject: `m${n}`, receivedAt: at(n) })),
    );
    const first = await page({ status: 'NEW', first: 2 });
    expect(first.data?.inboundMessages.edges.map((edge) => edge.node.subject)).toEqual(['m1', 'm2']);
    expect(first.data?.inboundMessages.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data?.inboundMessages.totalCount).toBe(5);

    const second = await page({ status: 'NEW', first: 2, after: first.data?.inboundMessages.pageInfo.endCursor });
    expect(second.data?.inboundMessages.edges.map((edge) => edge.node.subject)).toEqual(['m3', 'm4']);
    expect(second.data?.inboundMessages.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

    // The application handles m1 and m3; its next read of NEW starts past them.
    for (const row of [rows[0], rows[2]]) expect((await acknowledge(inboundGlobalId(row?.id ?? ''))).errors).toBeUndefined();
    const fresh = await page({ status: 'NEW' });
    expect(fresh.data?.inboundMessages.edges.map((edge) => edge.node.subject)).toEqual(['m2', 'm4', 'm5']);
    expect(fresh.data?.inboundMessages.totalCount).toBe(3);
    const done = await page({ status: 'ACKNOWLEDGED' });
    expect(done.data?.inboundMessages.edges.map((edge) => [edge.node.subject, edge.node.status])).toEqual([
      ['m1', 'ACKNOWLEDGED'],
      ['m3', 'ACKNOWLEDGED'],
    ]);
    // A cursor taken before m3 was acknowledged still marks its place in the NEW list.
    const afterAcknowledged = await page({ status: 'NEW', first: 5, after: second.data?.inboundMessages.edges[0]?.cursor });
    expect(afterAcknowledged.data?.inboundMessages.edges.map((edge) => edge.node.subject)).toEqual(['m4', 'm5']);

    const all = await page({ first: 10 });
    expect(all.data?.inboundMessages.edges.map((edge) => edge.node.subject)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    const back = await page({ last: 2, before: all.data?.inboundMessages.edges[4]?.cursor });
    expect(back.data?.inboundMessages.edges.map((edge) => edge.node.subject)).toEqual(['m3', 'm4']);
    expect(back.data?.inboundMessages.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const newest = await page({ last: 2 });
    expect(newest.data?.inboundMessages.edges.map((edge) => edge.node.subject)).toEqual(['m4', 'm5']);
    expect(newest.data?.inboundMessages.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('orders messages stored in the same millisecond by id, so a page boundary between them loses none', async () => {
    const same = at(30);
    const rows = await insertInboundRows(
      app.db.query,
      ['a', 'b', 'c'].map((subject) => ({ subject, receivedAt: same })),
    );
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let i = 0; i < 3; i++) {
      const result = await page({ first: 1, after });
      seen.push(...(result.data?.inboundMessages.edges.map((edge) => edge.node.id) ?? []));
      after = result.data?.inboundMessages.pageInfo.endCursor;
    }
    expect(seen).toEqual(
      rows.map((row) => inboundGlobalId(row.id)).sort((x, y) => (Buffer.from(x, 'base64url').toString() < Buffer.from(y, 'base64url').toString() ? -1 : 1)),
    );
  });

  it('refuses page sizes outside 1 to 100, first with last, and a cursor it did not make (BAD_USER_INPUT)', async () => {
    for (const [variables, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ first: 2, last: 2 }, 'last'],
      [{ after: 'bm90LWEtY3Vyc29y' }, 'after'],
      [{ last: 1, before: 'x' }, 'before'],
    ] as const) {
      const result = await page(variables);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: [field] });
    }
  });

  it('acknowledges a NEW message once: the token and time are recorded, and acknowledging again changes nothing', async () => {
    const [row] = await insertInboundRows(app.db.query, [{}]);
    const id = inboundGlobalId(row?.id ?? '');
    const first = await acknowledge(id);
    expect(first.errors).toBeUndefined();
    expect(first.data?.acknowledgeInboundMessage).toMatchObject({
      acknowledgedNow: true,
      inboundMessage: { id, status: 'ACKNOWLEDGED', acknowledgedBy: 'rita' },
    });
    const acknowledgedAt = first.data?.acknowledgeInboundMessage.inboundMessage.acknowledgedAt;
    expect(acknowledgedAt).toEqual(expect.any(String));
    const again = await app.gql<AcknowledgeResult>(ACKNOWLEDGE, { input: { id } });
    expect(again.errors).toBeUndefined();
    // By the admin this time: still the receiver's acknowledgement, unchanged.
    expect(again.data?.acknowledgeInboundMessage).toEqual({
      acknowledgedNow: false,
      inboundMessage: { id, status: 'ACKNOWLEDGED', acknowledgedAt, acknowledgedBy: 'rita' },
    });
  });

  it('lets exactly one of several concurrent acknowledgements of a message be the one', async () => {
    const [row] = await insertInboundRows(app.db.query, [{}]);
    const id = inboundGlobalId(row?.id ?? '');
    const results = await Promise.all(Array.from({ length: 8 }, () => acknowledge(id)));
    expect(results.map((result) => result.errors)).toEqual(results.map(() => undefined));
    expect(results.filter((result) => result.data?.acknowledgeInboundMessage.acknowledgedNow)).toHaveLength(1);
  });

  it('refuses to acknowledge a REFUSED message (CONFLICT, naming the reason) and an unknown one (NOT_FOUND)', async () => {
    const [refused] = await insertInboundRows(app.db.query, [{ status: 'REFUSED', refusedReason: 'larger than 25 MiB', raw: null, text: null }]);
    const conflict = await acknowledge(inboundGlobalId(refused?.id ?? ''));
    expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(conflict.errors?.[0]?.message).toContain('larger than 25 MiB');
    expect(await app.db.query('SELECT status::text AS status FROM inbound_message WHERE id = $1', [refused?.id])).toEqual([{ status: 'REFUSED' }]);
    const missing = await acknowledge(inboundGlobalId('0b0e2f5c-0000-4000-8000-000000000000'));
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wrong = await acknowledge('not-an-id');
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'id'] });
  });
});
