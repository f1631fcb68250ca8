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

let parser: Promise<typeof import('mailparser')> | undefined;

/**
 * Loads mailparser (once; only the instance that reads mail needs it). A session calls it before
 * it connects, so that loading the module overlaps with the server's greeting and login instead of
 * holding up the first fetched batch (some 100–500 ms of module loading on this machine).
 */
export function loadParser(): Promise<typeof import('mailparser')> {
  parser ??= import('mailparser');
  return parser;
}

/** A header section: at least one `Name: value` line before the first empty line. */
function hasHeaderSection(raw: Buffer): boolean {
  const head = raw.subarray(0, 1000).toString('latin1');
  return /^[\x21-\x39\x3b-\x7e]+:/.test(head);
}

function emptyParts(place: MessagePlace, sizeBytes: number): NewInboundMessage {
  return {
    ...place,
    status: 'NEW',
    messageId: null,
    fromName: null,
    fromAddress: null,
    toAddresses: [],
    ccAddresses: [],
    subject: null,
    date: null,
    sizeBytes,
    headers: [],
    textBody: null,
    htmlBody: null,
    attachments: [],
    raw: null,
    unparseable: false,
    refusedReason: null,
  };
}

/**
 * Parses a whole message with mailparser: addresses, subject, date, headers, text and HTML parts,
 * attachment metadata (not their content); the source is kept in `raw`. A message mailparser
 * cannot parse, or that has no header section at all, is kept raw and flagged `unparseable`.
 */
export async function parseInboundMessage(raw: Buffer, place: MessagePlace): Promise<NewInboundMessage> {
  const base = { ...emptyParts(place, raw.length), raw };
  if (!hasHeaderSection(raw)) return { ...base, unparseable: true };
  const { simpleParser } = await loadParser();
  try {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    const from = parsed.from?.value[0];
    const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
    return {
      ...base,
      messageId: clean(parsed.messageId),
      fromName: clean(from?.name || null),
      fromAddress: clean(from?.address || null),
      toAddresses: addresses(parsed.to),
      ccAddresses: addresses(parsed.cc),
      subject: clean(parsed.subject),
      date,
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
    return { ...base, unparseable: true };
  }
}

/**
 * A message over the size limit: recorded REFUSED with what its header section says, without
 * its body or source (it was not fetched whole, and stays on the server).
 */
export async function refusedInboundMessage(header: Buffer, sizeBytes: number, limitBytes: number, place: MessagePlace): Promise<NewInboundMessage> {
  const parsed = await parseInboundMessage(Buffer.concat([header, Buffer.from('\r\n')]), place);
  return {
    ...parsed,
    status: 'REFUSED',
    sizeBytes,
    textBody: null,
    htmlBody: null,
    attachments: [],
    raw: null,
    refusedReason: `the message is ${sizeBytes} bytes, over INBOUND_MAX_MESSAGE_BYTES (${limitBytes}); left on the server`,
  };
}
