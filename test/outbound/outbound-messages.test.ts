import { ADMIN_TOKEN, OTHER_SENDER_TOKEN, RECEIVER_TOKEN, SENDER_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { CANCEL, jobsByMessage, message, type MessageView, OUTBOUND_MESSAGE, OUTBOUND_MESSAGES, RETRY, rowId, sent, TableQueue } from './support';

const queue = new TableQueue();

interface PageView {
  outboundMessages: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { id: string; createdBy: string; status: string; subject: string } }[];
  };
}

describe('outbound messages: reading, retry and cancel', () => {
  const t = useTestApp({ outboundQueue: queue });
  beforeAll(() => TableQueue.createTable(t.db));

  const setStatus = (message: MessageView, status: string) => t.db.query(`UPDATE outbound_message SET status = $2 WHERE id = $1`, [rowId(message.id), status]);
  const page = (variables: Record<string, unknown>, token: string) => t.gql<PageView>(OUTBOUND_MESSAGES, variables, token);

  it('shows a sender its own messages only, by id, by node and in the list; an admin sees them all', async () => {
    const mine = await sent(t, message({ subject: 'mine' }), SENDER_TOKEN);
    const theirs = await sent(t, message({ subject: 'theirs' }), OTHER_SENDER_TOKEN);

    expect((await t.gql(OUTBOUND_MESSAGE, { id: mine.id }, SENDER_TOKEN)).data).toEqual({ outboundMessage: mine });
    expect((await t.gql(OUTBOUND_MESSAGE, { id: theirs.id }, SENDER_TOKEN)).data).toEqual({ outboundMessage: null });
    expect((await t.gql(OUTBOUND_MESSAGE, { id: theirs.id }, ADMIN_TOKEN)).data).toEqual({ outboundMessage: theirs });

    const node = `query($id: ID!) { node(id: $id) { id ... on OutboundMessage { subject } } }`;
    expect((await t.gql(node, { id: mine.id }, SENDER_TOKEN)).data).toEqual({ node: { id: mine.id, subject: 'mine' } });
    expect((await t.gql(node, { id: theirs.id }, SENDER_TOKEN)).data).toEqual({ node: null });
    expect((await t.gql(node, { id: theirs.id }, VIEWER_TOKEN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const ownList = (await page({}, SENDER_TOKEN)).data?.outboundMessages;
    expect(ownList?.edges.every((edge) => edge.node.createdBy === 'sam')).toBe(true);
    expect(ownList?.edges.map((edge) => edge.node.id)).toContain(mine.id);
    expect(ownList?.totalCount).toBe(ownList?.edges.length);
    const all = (await page({}, ADMIN_TOKEN)).data?.outboundMessages;
    expect(all?.edges.map((edge) => edge.node.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('refuses viewers and receivers the outbound queries with FORBIDDEN', async () => {
    for (const token of [VIEWER_TOKEN, RECEIVER_TOKEN]) {
      expect((await page({}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('pages newest first with first and after, back with last and before, and filters by status', async () => {
    const subjects = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const messages: MessageView[] = [];
    for (const subject of subjects) messages.push(await sent(t, message({ subject }), OTHER_SENDER_TOKEN));
    const first = (await page({ first: 2 }, OTHER_SENDER_TOKEN)).data?.outboundMessages;
    expect(first?.edges.map((edge) => edge.node.subject)).toEqual(['p5', 'p4']);
    expect(first?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = (await page({ first: 2, after: first?.pageInfo.endCursor }, OTHER_SENDER_TOKEN)).data?.outboundMessages;
    expect(second?.edges.map((edge) => edge.node.subject)).toEqual(['p3', 'p2']);
    const back = (await page({ last: 2, before: second?.pageInfo.startCursor }, OTHER_SENDER_TOKEN)).data?.outboundMessages;
    expect(back?.edges.map((edge) => edge.node.subject)).toEqual(['p5', 'p4']);

    const [, p2] = messages;
    if (!p2) throw new Error('five messages were sent');
    await setStatus(p2, 'FAILED');
    const failed = (await page({ status: 'FAILED' }, OTHER_SENDER_TOKEN)).data?.outboundMessages;
    expect(failed?.edges.map((edge) => edge.node.subject)).toEqual(['p2']);
    expect(failed?.totalCount).toBe(1);

    expect((await page({ after: 'bm90IGEgY3Vyc29y' }, OTHER_SENDER_TOKEN)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['after'] });
    expect((await page({ first: 101 }, OTHER_SENDER_TOKEN)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });

  it('cancels a QUEUED or RETRYING message, and refuses one being sent or sent with CONFLICT', async () => {
    const queued = await sent(t, message(), SENDER_TOKEN);
    const cancelled = await t.gql(CANCEL, { input: { id: queued.id } }, ADMIN_TOKEN);
    expect(cancelled.data).toEqual({ cancelOutboundMessage: { message: { id: queued.id, status: 'CANCELLED' } } });

    const retrying = await sent(t, message(), SENDER_TOKEN);
    await setStatus(retrying, 'RETRYING');
    expect((await t.gql(CANCEL, { input: { id: retrying.id } }, ADMIN_TOKEN)).errors).toBeUndefined();

    for (const status of ['SENDING', 'SENT']) {
      const busy = await sent(t, message(), SENDER_TOKEN);
      await setStatus(busy, status);
      const refused = await t.gql(CANCEL, { input: { id: busy.id } }, ADMIN_TOKEN);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status });
      expect(await t.db.query('SELECT status FROM outbound_message WHERE id = $1', [rowId(busy.id)])).toEqual([{ status }]);
    }
  });

  it('lets a cancel and a worker taking the message not both win: exactly one of them moves it', async () => {
    for (let round = 0; round < 10; round++) {
      const contested = await sent(t, message({ subject: `race ${round}` }), SENDER_TOKEN);
      // The worker's claim, as DELIVER writes it: SENDING only from QUEUED or RETRYING.
      const claim = t.db.query<{ id: string }>(
        `UPDATE outbound_message SET status = 'SENDING' WHERE id = $1 AND status IN ('QUEUED', 'RETRYING') RETURNING id`,
        [rowId(contested.id)],
      );
      const cancel = t.gql(CANCEL, { input: { id: contested.id } }, ADMIN_TOKEN);
      const [claimed, cancelled] = await Promise.all([claim, cancel]);
      const [row] = await t.db.query<{ status: string }>('SELECT status FROM outbound_message WHERE id = $1', [rowId(contested.id)]);
      if (claimed.length === 1) {
        expect(cancelled.errors?.[0]?.extensions?.code).toBe('CONFLICT');
        expect(row?.status).toBe('SENDING');
      } else {
        expect(cancelled.errors).toBeUndefined();
        expect(row?.status).toBe('CANCELLED');
      }
    }
  });

  it('retries a FAILED or CANCELLED message with a new job and its attempts kept; others are refused with CONFLICT', async () => {
    const failed = await sent(t, message(), SENDER_TOKEN);
    await t.db.query(`UPDATE outbound_message SET status = 'FAILED', attempts = 3 WHERE id = $1`, [rowId(failed.id)]);
    const retried = await t.gql(RETRY, { input: { id: failed.id } }, ADMIN_TOKEN);
    expect(retried.data).toEqual({ retryOutboundMessage: { message: { id: failed.id, status: 'QUEUED', attempts: 3 } } });
    expect((await jobsByMessage(t.db)).get(rowId(failed.id))).toBe(2);

    const queued = await sent(t, message(), SENDER_TOKEN);
    const refused = await t.gql(RETRY, { input: { id: queued.id } }, ADMIN_TOKEN);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'QUEUED' });
    expect((await jobsByMessage(t.db)).get(rowId(queued.id))).toBe(1);

    const deleted = await sent(t, message(), SENDER_TOKEN);
    await t.db.query(`UPDATE outbound_message SET status = 'FAILED', content_deleted_at = now() WHERE id = $1`, [rowId(deleted.id)]);
    expect((await t.gql(RETRY, { input: { id: deleted.id } }, ADMIN_TOKEN)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('refuses retry and cancel to a sender with FORBIDDEN, and an id of another type with BAD_USER_INPUT', async () => {
    const own = await sent(t, message(), SENDER_TOKEN);
    expect((await t.gql(CANCEL, { input: { id: own.id } }, SENDER_TOKEN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(RETRY, { input: { id: own.id } }, SENDER_TOKEN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mailSessionId = Buffer.from('MailSession:1').toString('base64url');
    expect((await t.gql(CANCEL, { input: { id: mailSessionId } }, ADMIN_TOKEN)).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['id'],
    });
    const gone = Buffer.from('OutboundMessage:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await t.gql(CANCEL, { input: { id: gone } }, ADMIN_TOKEN)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('shows the last error with its classified code and reply, and the refused recipients, as the worker records them', async () => {
    const failed = await sent(t, message({ to: ['ok@example.com', 'nobody@example.com'] }), SENDER_TOKEN);
    await t.db.query(
      `UPDATE outbound_message SET status = 'SENT', last_error_code = 'RECIPIENT_REFUSED', last_error_message = 'refused', last_reply = '550 5.1.1 User unknown',
         accepted_recipients = ARRAY['ok@example.com'], rejected_recipients = '[{"address":"nobody@example.com","reply":"550 5.1.1 User unknown"}]', settings_version = 4
       WHERE id = $1`,
      [rowId(failed.id)],
    );
    const seen = (await t.gql<{ outboundMessage: MessageView }>(OUTBOUND_MESSAGE, { id: failed.id }, SENDER_TOKEN)).data?.outboundMessage;
    expect(seen).toMatchObject({
      status: 'SENT',
      settingsVersion: 4,
      lastError: { code: 'RECIPIENT_REFUSED', message: 'refused', reply: '550 5.1.1 User unknown' },
      acceptedRecipients: ['ok@example.com'],
      rejectedRecipients: [{ address: 'nobody@example.com', reply: '550 5.1.1 User unknown' }],
    });
  });
});
