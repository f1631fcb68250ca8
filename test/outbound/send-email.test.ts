import { SENDER_TOKEN, useTestApp, VIEWER_TOKEN, ADMIN_TOKEN } from '../support/test-app';
import { jobsByMessage, message, rowId, send, sent, TableQueue } from './support';

const queue = new TableQueue();

describe('sendEmail', () => {
  const t = useTestApp({ outboundQueue: queue, outboundLimits: { maxMessageBytes: 64 * 1024, maxRecipients: 5, retentionDays: 7 } });
  beforeAll(() => TableQueue.createTable(t.db));
  afterEach(() => {
    queue.failing = false;
  });

  it('commits the message QUEUED with its delivery job before answering, from left null for the default sender at send time', async () => {
    const accepted = await sent(t, message({ cc: ['cc@example.com'], bcc: ['bcc@example.com'], replyTo: ['reply@example.com'] }), SENDER_TOKEN);
    expect(accepted).toMatchObject({
      status: 'QUEUED',
      attempts: 0,
      createdBy: 'sam',
      to: ['rcpt@example.com'],
      cc: ['cc@example.com'],
      bcc: ['bcc@example.com'],
    });
    const [row] = await t.db.query<{
      status: string;
      from_address: string | null;
      from_name: string | null;
      text_body: string;
      idempotency_key: string | null;
    }>('SELECT status, from_address, from_name, text_body, idempotency_key FROM outbound_message WHERE id = $1', [rowId(accepted.id)]);
    expect(row).toEqual({ status: 'QUEUED', from_address: null, from_name: null, text_body: 'Hi there', idempotency_key: null });
    expect((await jobsByMessage(t.db)).get(rowId(accepted.id))).toBe(1);
  });

  it('fixes an RFC 5322 Message-ID at acceptance, in the domain of the sender address', async () => {
    const own = await sent(t, message({ from: { name: 'Shop', address: 'orders@shop.example' } }), SENDER_TOKEN);
    expect(own.messageId).toMatch(/^<[0-9a-f-]{36}@shop\.example>$/);
    await t.gql(
      `mutation { updateMailSession(input: { defaultSender: { address: "noreply@default.example" } }) { mailSession { version } } }`,
      {},
      ADMIN_TOKEN,
    );
    const byDefault = await sent(t, message(), SENDER_TOKEN);
    expect(byDefault.messageId).toMatch(/^<[0-9a-f-]{36}@default\.example>$/);
    expect(byDefault.messageId).not.toBe(own.messageId);
  });

  it('stores nothing when the queue job cannot be written: the message and its job commit together or not at all', async () => {
    queue.failing = true;
    const before = await t.db.query('SELECT id FROM outbound_message');
    const result = await send(t, message({ subject: 'never stored' }), SENDER_TOKEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(await t.db.query('SELECT id FROM outbound_message')).toEqual(before);
    expect(await t.db.query(`SELECT id FROM outbound_message WHERE subject = 'never stored'`)).toEqual([]);
  });

  it('refuses a viewer with FORBIDDEN and stores nothing', async () => {
    const result = await send(t, message({ subject: 'from a viewer' }), VIEWER_TOKEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.query(`SELECT id FROM outbound_message WHERE subject = 'from a viewer'`)).toEqual([]);
  });

  it('lists every problem of an input at its path, without echoing a value', async () => {
    const result = await send(
      t,
      {
        to: [],
        subject: 'Line\r\nBcc: victim@example.com',
        headers: [
          { name: 'Subject', value: 'x' },
          { name: 'X-Mailer', value: 'mine' },
          { name: 'X-Trace', value: 'a\r\nInjected: yes' },
          { name: 'X-Ok', value: 'fine' },
        ],
        attachments: [
          { filename: '../etc/passwd', contentType: 'text/plain', content: 'aGVsbG8=' },
          { filename: 'a.bin', contentType: 'not a type', content: 'not base64!' },
        ],
        idempotencyKey: '',
      },
      SENDER_TOKEN,
    );
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (error?.extensions?.problems as { field: unknown[] }[]).map((problem) => problem.field);
    expect(fields).toEqual([
      ['to'],
      ['subject'],
      ['text'],
      ['headers', 0, 'name'],
      ['headers', 1, 'name'],
      ['headers', 2, 'value'],
      ['attachments', 0, 'filename'],
      ['attachments', 1, 'contentType'],
      ['attachments', 1, 'content'],
      ['idempotencyKey'],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/victim|Injected|passwd/);
  });

  it('refuses more recipients than OUTBOUND_MAX_RECIPIENTS, to, cc and bcc counted together', async () => {
    const five = await send(
      t,
      message({ to: ['a@example.com', 'b@example.com'], cc: ['c@example.com', 'd@example.com'], bcc: ['e@example.com'] }),
      SENDER_TOKEN,
    );
    expect(five.errors).toBeUndefined();
    const six = await send(
      t,
      message({ to: ['a@example.com', 'b@example.com'], cc: ['c@example.com', 'd@example.com'], bcc: ['e@example.com', 'f@example.com'] }),
      SENDER_TOKEN,
    );
    expect(six.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['to'] });
  });

  it('measures the encoded message against OUTBOUND_MAX_MESSAGE_BYTES: base64 attachments count as sent, not as decoded', async () => {
    // 45 KiB decoded is 60 KiB in base64 plus line breaks: over the 64 KiB limit once encoded.
    const content = Buffer.alloc(45 * 1024, 7).toString('base64');
    const fits = await send(t, message({ attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', content }] }), SENDER_TOKEN);
    expect(fits.errors).toBeUndefined();
    expect(fits.data?.sendEmail.message.sizeBytes).toBeGreaterThan(60 * 1024);
    expect(fits.data?.sendEmail.message.sizeBytes).toBeLessThanOrEqual(64 * 1024);
    const twice = await send(
      t,
      message({
        attachments: [
          { filename: 'a.bin', contentType: 'application/octet-stream', content },
          { filename: 'b.bin', contentType: 'application/octet-stream', content: Buffer.alloc(4 * 1024, 1).toString('base64') },
        ],
      }),
      SENDER_TOKEN,
    );
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: [] });
  });
});
