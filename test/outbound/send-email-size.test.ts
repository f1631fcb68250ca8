import fc from 'fast-check';
import { encodedSize, encodedSizeBound, mailOptions, type MessageContent } from '../../src/outbound/outbound-message.compose';

// Text that MIME expands most: non-ASCII of every width (2-4 UTF-8 bytes), characters that
// quoted-printable and encoded words escape (=, ?, _, quotes), spaces, tabs, long unbroken runs.
const hostile = fc.constantFrom('é', 'Ü', '€', '“', '😀', '𝒜', '中', '=', '?', '_', '"', ' ', '\t', 'a', 'Z', '.', ';', '\\', '-');
const text = (maxLength: number) =>
  fc.oneof(fc.string({ unit: hostile, maxLength }), fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'binary', maxLength }));
const bodyText = (maxLength: number) => fc.oneof(text(maxLength), fc.string({ unit: fc.constantFrom('é', '\n', '\r\n', ' ', 'x', '=', '😀'), maxLength }));
const label = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,12}$/),
  fc.string({ unit: fc.constantFrom('ä', 'ö', 'ß', '中', '😀', 'x', 'é'), minLength: 1, maxLength: 8 }),
);
const address = fc
  .tuple(
    fc.oneof(fc.stringMatching(/^[a-z0-9.+]{1,20}$/), fc.string({ unit: fc.constantFrom('ü', 'a', '中', '.'), minLength: 1, maxLength: 10 })),
    fc.array(label, { minLength: 1, maxLength: 4 }),
  )
  .map(([local, labels]) => `${local}@${labels.join('.')}`);
const base64 = fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const textBase64 = bodyText(800).map((value) => Buffer.from(value, 'utf8').toString('base64'));
const attachment = fc.oneof(
  fc.record({
    filename: text(80).map((name) => name.replace(/[/\\\0-\x1f\x7f]/g, '') || 'f'),
    contentType: fc.constantFrom('application/pdf', 'image/png', 'application/octet-stream'),
    content: base64,
  }),
  fc.record({
    filename: text(80).map((name) => name.replace(/[/\\\0-\x1f\x7f]/g, '') || 'f'),
    contentType: fc.constantFrom('text/plain', 'TEXT/html', 'text/csv', 'message/rfc822', 'Message/global'),
    content: fc.oneof(textBase64, base64),
  }),
);
const line = (maxLength: number) => text(maxLength).map((value) => value.replace(/[\0-\x08\n-\x1f\x7f]/g, ''));

const content: fc.Arbitrary<MessageContent> = fc.record({
  fromName: fc.option(line(256), { nil: null }),
  fromAddress: fc.option(address, { nil: null }),
  to: fc.array(address, { minLength: 1, maxLength: 5 }),
  cc: fc.array(address, { maxLength: 3 }),
  bcc: fc.array(address, { maxLength: 3 }),
  replyTo: fc.array(address, { maxLength: 2 }),
  subject: line(998),
  text: fc.option(bodyText(3000), { nil: null }),
  html: fc.option(bodyText(3000), { nil: null }),
  headers: fc.array(fc.record({ name: fc.stringMatching(/^X-[A-Za-z0-9][A-Za-z0-9-]{0,40}$/), value: line(998) }), { maxLength: 4 }),
  attachments: fc.array(attachment, { maxLength: 3 }),
});
const sender = fc.record({ name: fc.option(line(256), { nil: null }), address: fc.option(address, { nil: null }) });

describe('the encoded size bound of sendEmail', () => {
  it('is never less than the message nodemailer composes, whatever the text, addresses, headers and attachments', async () => {
    await fc.assert(
      fc.asyncProperty(content, sender, async (message, defaultSender) => {
        const messageId = '<0b6a3f4e-2d3c-4b5a-9e8f-7a6b5c4d3e2f@example.com>';
        const exact = await encodedSize(mailOptions(message, messageId, defaultSender));
        expect(encodedSizeBound(message, messageId, defaultSender)).toBeGreaterThanOrEqual(exact);
      }),
      { numRuns: 300 },
    );
  });

  // Each case makes one part of the bound dominate (the fixed allowances are small beside it), so
  // that a factor set too low for that part fails here.
  const plain: MessageContent = {
    fromName: null,
    fromAddress: null,
    to: ['a@example.com'],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: '',
    text: '',
    html: null,
    headers: [],
    attachments: [],
  };
  const WORST = ['=', '😀', '€', '中', '?', '_', '"', '\t', ' ', 'x', 'é', 'é=', '=😀', '?é_', 'é "'];
  const times = (character: string, length: number) => character.repeat(Math.floor(length / character.length));
  const cases: [string, (character: string) => MessageContent][] = [
    ['50 headers of 998 characters', (c) => ({ ...plain, headers: Array.from({ length: 50 }, (_, i) => ({ name: `X-Worst-${i}`, value: times(c, 998) })) })],
    ['a subject and sender name at their limits', (c) => ({ ...plain, subject: times(c, 998), fromName: times(c, 256), fromAddress: 'a@example.com' })],
    [
      '100 recipients with long international domains',
      (c) => ({
        ...plain,
        to: Array.from(
          { length: 100 },
          (_, i) => `${'ü'.repeat(10)}${i}@${Array.from({ length: 4 }, () => times(c === ' ' ? 'ä' : '中😀é', 40)).join('.')}.example`,
        ),
      }),
    ],
    ['text and html of 200,000 characters', (c) => ({ ...plain, text: times(c, 200_000), html: times(`${c}\n`, 200_000) })],
    [
      // Sent unencoded (8bit): every line feed may become CR LF.
      'a message/rfc822 attachment of line feeds',
      (c) => ({
        ...plain,
        attachments: [{ filename: times(c, 255), contentType: 'message/rfc822', content: Buffer.from(`${c}\n\n\n`.repeat(100_000)).toString('base64') }],
      }),
    ],
    [
      'a text attachment of escapable text',
      (c) => ({
        ...plain,
        attachments: [{ filename: times(c, 255), contentType: 'text/plain', content: Buffer.from(`${'='.repeat(99)}${c}`.repeat(2_000)).toString('base64') }],
      }),
    ],
    [
      'a binary attachment of 1.5 MB',
      (c) => ({
        ...plain,
        attachments: [{ filename: times(c, 255), contentType: 'application/octet-stream', content: Buffer.alloc(1_500_000, 0xff).toString('base64') }],
      }),
    ],
  ];

  it.each(cases)('holds for the worst cases written out: %s', async (_, make) => {
    const sender = { name: null, address: null };
    const exceeded: { character: string; exact: number; bound: number }[] = [];
    for (const character of WORST) {
      const message = make(character);
      const exact = await encodedSize(mailOptions(message, '<id@example.com>', sender));
      const bound = encodedSizeBound(message, '<id@example.com>', sender);
      if (process.env.SIZE_BOUND_RATIOS) process.stdout.write(`${_} ${JSON.stringify(character)} ${(exact / bound).toFixed(3)}\n`);
      if (bound < exact) exceeded.push({ character, exact, bound });
    }
    expect(exceeded).toEqual([]);
  });

  it('stays within a few times the message for plain text, so that ordinary mail is never composed at acceptance', async () => {
    const message: MessageContent = {
      fromName: null,
      fromAddress: null,
      to: ['customer-1@example.com'],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: 'Order 1 shipped',
      text: 'Your order has shipped. '.repeat(40),
      html: null,
      headers: [],
      attachments: [],
    };
    const exact = await encodedSize(mailOptions(message, '<id@example.com>', { name: 'Shop', address: 'shop@example.com' }));
    const bound = encodedSizeBound(message, '<id@example.com>', { name: 'Shop', address: 'shop@example.com' });
    expect(bound).toBeGreaterThanOrEqual(exact);
    expect(bound).toBeLessThan(10 * 1024);
  });
});
