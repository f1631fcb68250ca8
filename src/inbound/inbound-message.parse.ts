import type { AddressObject, HeaderLines } from 'mailparser';

/** One message as read from a mailbox, ready to store: where it came from and what mailparser made of it. */
export interface NewInboundMessage {
  mailbox: string;
  uidValidity?: bigint;
  uid?: bigint;
  uidl?: string;
  status: 'NEW' | 'REFUSED';
  messageId: string | null;
  fromName: string | null;
  fromAddress: string | null;
  toAddresses: string[];
  ccAddresses: string[];
  subject: string | null;
  date: Date | null;
  sizeBytes: number;
  headers: { name: string; value: string }[];
  textBody: string | null;
  htmlBody: string | null;
  attachments: { filename: string | null; contentType: string; size: number; contentId: string | null }[];
  raw: Buffer | null;
  unparseable: boolean;
  refusedReason: string | null;
}

/** Where a message sits on its server: the mailbox key and its UIDVALIDITY+UID (IMAP) or UIDL (POP3). */
export interface MessagePlace {
  mailbox: string;
  uidValidity?: bigint;
  uid?: bigint;
  uidl?: string;
}

// PostgreSQL's text and jsonb hold no NUL character; a message may.
function clean(text: string): string;
function clean(text: string | null | undefined): string | null;
function clean(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : text.replace(/\u0000/g, '');
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const found: string[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.address) found.push(clean(entry.address));
      if (entry.group) walk(entry.group);
    }
  };
  for (const object of objects) walk(object.value);
  return found;
}

/** The header section's lines, unfolded, in order. */
function headerList(lines: HeaderLines): { name: string; value: string }[] {
  return lines.map(({ line }) => {
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    return { name: clean(name.trim()), value: clean(value.replace(/\r?\n[ \t]+/g, ' ').trim()) };
  });
}

let parser: typeof import('mailparser') | undefined;

/**
 * mailparser, loaded on first use (only the instance that reads mail needs it). Its CommonJS
 * build, required: `import()` loaded the ES build, about twice as slow to load (~170 ms against
 * ~90 ms here). The poller's parse pool loads it when the instance takes the lock (`ParsePool.start`,
 * on its workers or here), so that the first fetched batch does not wait for it.
 */
export function mailparser(): typeof import('mailparser') {
  parser ??= require('mailparser') as typeof import('mailparser');
  return parser;
}

/** A header section: at least one `Name: value` line before the first empty line. */
function hasHeaderSection(raw: Buffer): boolean {
  const head = raw.subarray(0, 1000).toString('latin1');
  return /^[\x21-\x39\x3b-\x7e]+:/.test(head);
}

/** What mailparser found; a message it could not parse has none of it. */
type ParsedParts = Pick<
  NewInboundMessage,
  'messageId' | 'fromName' | 'fromAddress' | 'toAddresses' | 'ccAddresses' | 'subject' | 'date' | 'headers' | 'textBody' | 'htmlBody' | 'attachments'
>;

/**
 * One row, its properties written out: built with object spreads (`{ ...place, ... }`), a row
 * cost some 20 µs to make (V8 gives up on its fast path for a spread into a literal this large),
 * as much as parsing a small message.
 */
function inboundRow(place: MessagePlace, parts: ParsedParts | undefined, sizeBytes: number, raw: Buffer | null): NewInboundMessage {
  return {
    mailbox: place.mailbox,
    uidValidity: place.uidValidity,
    uid: place.uid,
    uidl: place.uidl,
    status: 'NEW',
    messageId: parts?.messageId ?? null,
    fromName: parts?.fromName ?? null,
    fromAddress: parts?.fromAddress ?? null,
    toAddresses: parts?.toAddresses ?? [],
    ccAddresses: parts?.ccAddresses ?? [],
    subject: parts?.subject ?? null,
    date: parts?.date ?? null,
    sizeBytes,
    headers: parts?.headers ?? [],
    textBody: parts?.textBody ?? null,
    htmlBody: parts?.htmlBody ?? null,
    attachments: parts?.attachments ?? [],
    raw,
    unparseable: parts === undefined,
    refusedReason: null,
  };
}

/** What mailparser makes of `raw`; undefined when it cannot parse it. */
async function parsedParts(raw: Buffer): Promise<ParsedParts | undefined> {
  const { simpleParser } = mailparser();
  try {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    const from = parsed.from?.value[0];
    return {
      messageId: clean(parsed.messageId),
      fromName: clean(from?.name || null),
      fromAddress: clean(from?.address || null),
      toAddresses: addresses(parsed.to),
      ccAddresses: addresses(parsed.cc),
      subject: clean(parsed.subject),
      date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
      headers: headerList(parsed.headerLines),
      textBody: clean(parsed.text),
      htmlBody: typeof parsed.html === 'string' ? clean(parsed.html) : null,
      attachments: parsed.attachments.map((attachment) => ({
        filename: clean(attachment.filename),
        contentType: clean(attachment.contentType),
        size: attachment.size,
        contentId: clean(attachment.contentId),
      })),
    };
  } catch {
    return undefined;
  }
}

/**
 * Parses a whole message with mailparser: addresses, subject, date, headers, text and HTML parts,
 * attachment metadata (not their content); the source is kept in `raw`. A message mailparser
 * cannot parse, or that has no header section at all, is kept raw and flagged `unparseable`.
 */
export async function parseInboundMessage(raw: Buffer, place: MessagePlace): Promise<NewInboundMessage> {
  return inboundRow(place, hasHeaderSection(raw) ? await parsedParts(raw) : undefined, raw.length, raw);
}

/**
 * A message over the size limit: recorded REFUSED with what its header section says, without
 * its body or source (it was not fetched whole, and stays on the server).
 */
export async function refusedInboundMessage(header: Buffer, sizeBytes: number, limitBytes: number, place: MessagePlace): Promise<NewInboundMessage> {
  const section = Buffer.concat([header, Buffer.from('\r\n')]);
  const parts = hasHeaderSection(section) ? await parsedParts(section) : undefined;
  const row = inboundRow(place, parts && { ...parts, textBody: null, htmlBody: null, attachments: [] }, sizeBytes, null);
  row.status = 'REFUSED';
  row.refusedReason = `the message is ${sizeBytes} bytes, over INBOUND_MAX_MESSAGE_BYTES (${limitBytes}); left on the server`;
  return row;
}
