import { SENDER_TOKEN, useTestApp, type SharedTestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { message, rowId, send, sent, TableQueue } from './support';

interface StoredContent {
  text_body: string | null;
  html_body: string | null;
  headers: unknown;
  attachments: unknown;
  content_deleted_at: Date | null;
  subject: string;
}

const CONTENT = message({
  html: '<p>Hi</p>',
  headers: [{ name: 'X-Campaign', value: 'winter' }],
  attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('attached').toString('base64') }],
});

/** Sends a message and moves it to `status`, accepted `ageHours` ago. */
async function aged(t: SharedTestApp, status: string, ageHours: number, extra: Record<string, unknown> = {}): Promise<string> {
  const accepted = await sent(t, { ...CONTENT, ...extra }, SENDER_TOKEN);
  const id = rowId(accepted.id);
  await t.db.query(`UPDATE outbound_message SET status = $2, accepted_at = now() - make_interval(hours => $3) WHERE id = $1`, [id, status, ageHours]);
  return id;
}

async function stored(t: SharedTestApp, id: string): Promise<StoredContent | undefined> {
  const [row] = await t.db.query<StoredContent & Record<string, unknown>>(
    'SELECT text_body, html_body, headers, attachments, content_deleted_at, subject FROM outbound_message WHERE id = $1',
    [id],
  );
  return row;
}

describe('outbound retention sweep', () => {
  const queue = new TableQueue();
  const t = useTestApp({ outboundQueue: queue, outboundLimits: { maxMessageBytes: 1024 * 1024, maxRecipients: 100, retentionDays: 7 } });
  beforeAll(() => TableQueue.createTable(t.db));

  it('deletes the content of final messages after OUTBOUND_RETENTION_DAYS, their records after 30 days, and keeps waiting mail whole', async () => {
    const sentOld = await aged(t, 'SENT', 8 * 24);
    const sentRecent = await aged(t, 'SENT', 6 * 24);
    const failedAncient = await aged(t, 'FAILED', 31 * 24);
    const queuedOld = await aged(t, 'QUEUED', 8 * 24);
    const retryingAncient = await aged(t, 'RETRYING', 31 * 24);

    const done = await t.app.outboundRetention.sweep();
    // The 31-day-old message's content goes too, in the statement before its record does.
    expect(done).toMatchObject({ contentDeleted: 2, recordsDeleted: 1 });

    expect(await stored(t, sentOld)).toEqual({
      text_body: null,
      html_body: null,
      headers: [],
      attachments: [],
      content_deleted_at: expect.any(Date) as Date,
      subject: 'Hello',
    });
    expect((await stored(t, sentRecent))?.content_deleted_at).toBeNull();
    expect(await stored(t, failedAncient)).toBeUndefined();
    expect(await stored(t, queuedOld)).toMatchObject({ text_body: 'Hi there', content_deleted_at: null });
    expect(await stored(t, retryingAncient)).toMatchObject({ text_body: 'Hi there', content_deleted_at: null });
    expect((await stored(t, sentRecent))?.attachments).toEqual([
      { filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('attached').toString('base64') },
    ]);

    // Idempotent: a second sweep (another instance's, say) finds nothing more to do.
    expect(await t.app.outboundRetention.sweep()).toEqual({ keysCleared: 0, contentDeleted: 0, recordsDeleted: 0 });
  });

  it('clears idempotency keys after 24 hours, so the key may be used again; a younger key still holds', async () => {
    await aged(t, 'SENT', 25, { idempotencyKey: 'daily-report' });
    await aged(t, 'SENT', 23, { idempotencyKey: 'hourly-report' });
    expect(await t.app.outboundRetention.sweep()).toMatchObject({ keysCleared: 1 });

    const reused = await send(t, { ...CONTENT, text: 'another day', idempotencyKey: 'daily-report' }, SENDER_TOKEN);
    expect(reused.data?.sendEmail.duplicate).toBe(false);
    const held = await send(t, { ...CONTENT, text: 'another hour', idempotencyKey: 'hourly-report' }, SENDER_TOKEN);
    expect(held.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('shows when the content was deleted, and refuses to retry a message without it', async () => {
    const failedOld = await aged(t, 'FAILED', 8 * 24);
    await t.app.outboundRetention.sweep();
    const id = Buffer.from(`OutboundMessage:${failedOld}`).toString('base64url');
    const view = await t.gql<{ outboundMessage: { contentDeletedAt: string | null } }>(`query($id: ID!) { outboundMessage(id: $id) { contentDeletedAt } }`, {
      id,
    });
    expect(view.data?.outboundMessage.contentDeletedAt).toEqual(expect.any(String));
    const retry = await t.gql(`mutation($id: ID!) { retryOutboundMessage(input: { id: $id }) { message { status } } }`, { id });
    expect(retry.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('the periodic retention sweep', () => {
  const queue = new TableQueue();
  const t = useTestApp({ outboundQueue: queue, outboundRetentionSweepMs: 200 });
  beforeAll(() => TableQueue.createTable(t.db));

  it('runs on its own, at the interval the app was given', async () => {
    const old = await aged(t, 'CANCELLED', 8 * 24);
    await waitUntil('the sweep deleted the old content', async () => (await stored(t, old))?.content_deleted_at != null, 10_000);
  });
});
