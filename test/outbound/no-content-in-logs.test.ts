import { randomUUID } from 'node:crypto';
import { SENDER_TOKEN, useTestApp } from '../support/test-app';
import { message, send, TableQueue } from './support';

const queue = new TableQueue();

describe('outbound mail in the logs', () => {
  const t = useTestApp({ outboundQueue: queue });
  beforeAll(() => TableQueue.createTable(t.db));

  it('never writes a subject, body, header value or attachment to any log line, accepted, refused or failed', async () => {
    const marker = (what: string) => `${what}${randomUUID().replaceAll('-', '')}`;
    const markers = {
      subject: marker('subject'),
      text: marker('text'),
      html: marker('html'),
      header: marker('header'),
      attachment: marker('attachment'),
      filename: marker('filename'),
    };
    const attachment = Buffer.from(markers.attachment).toString('base64');
    const input = message({
      subject: markers.subject,
      text: markers.text,
      html: `<p>${markers.html}</p>`,
      headers: [{ name: 'X-Trace', value: markers.header }],
      attachments: [{ filename: markers.filename, contentType: 'text/plain', content: attachment }],
    });
    const linesBefore = t.logs.lines.length;
    expect((await send(t, input, SENDER_TOKEN)).errors).toBeUndefined();
    // Refused at validation (a bad header name) and failed in the transaction (the queue is down).
    const refused = await send(t, { ...input, headers: [{ name: 'Bad', value: markers.header }] }, SENDER_TOKEN);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    queue.failing = true;
    const failed = await send(t, input, SENDER_TOKEN);
    queue.failing = false;
    expect(failed.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');

    const logged = t.logs.lines.slice(linesBefore).join('\n');
    // The requests were logged (so the search looked at something), their content was not.
    expect(logged).toMatch(/graphql|request/i);
    for (const value of [...Object.values(markers), attachment]) expect(logged).not.toContain(value);
  });
});
