import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendEmailFields } from './send-email.rules.js';

/** What a message is made of, as stored (a row's content columns) and as sent. */
export interface MessageContent {
  fromName: string | null;
  fromAddress: string | null;
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  replyTo: readonly string[];
  subject: string;
  text: string | null;
  html: string | null;
  headers: readonly { name: string; value: string }[];
  attachments: readonly { filename: string; contentType: string; content: string }[];
}

/** The content of a sendEmail input, as stored: `from` null stands for the default sender at send time. */
export function contentOf(input: SendEmailFields): MessageContent {
  return {
    fromName: input.from ? (input.from.name ?? null) : null,
    fromAddress: input.from?.address ?? null,
    to: input.to,
    cc: input.cc,
    bcc: input.bcc,
    replyTo: input.replyTo,
    subject: input.subject,
    text: input.text ?? null,
    html: input.html ?? null,
    headers: input.headers.map(({ name, value }) => ({ name, value })),
    attachments: input.attachments.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
  };
}

/**
 * SHA-256 of the content, in a fixed field order: the same idempotency key with another hash is
 * other content (CONFLICT).
 */
export function contentHash(content: MessageContent): string {
  const ordered = [
    content.fromName,
    content.fromAddress,
    content.to,
    content.cc,
    content.bcc,
    content.replyTo,
    content.subject,
    content.text,
    content.html,
    content.headers.map((header) => [header.name, header.value]),
    content.attachments.map((attachment) => [attachment.filename, attachment.contentType, attachment.content]),
  ];
  return createHash('sha256').update(JSON.stringify(ordered), 'utf8').digest('hex');
}

/** nodemailer's options for the message; `sender` is the default sender in force when `from` is null. */
export function mailOptions(content: MessageContent, messageId: string, sender: { name: string | null; address: string | null }): SendMailOptions {
  const fromAddress = content.fromAddress ?? sender.address;
  const fromName = content.fromAddress === null ? sender.name : content.fromName;
  return {
    messageId,
    ...(fromAddress !== null && { from: fromName ? { name: fromName, address: fromAddress } : fromAddress }),
    to: [...content.to],
    cc: [...content.cc],
    bcc: [...content.bcc],
    ...(content.replyTo.length > 0 && { replyTo: [...content.replyTo] }),
    subject: content.subject,
    ...(content.text !== null && { text: content.text }),
    ...(content.html !== null && { html: content.html }),
    headers: content.headers.map(({ name, value }) => ({ key: name, value })),
    attachments: content.attachments.map(({ filename, contentType, content: data }) => ({ filename, contentType, content: data, encoding: 'base64' })),
  };
}

/** The size of the message as it will be sent: built by nodemailer's MailComposer, the code that builds it for sending. */
export async function encodedSize(options: SendMailOptions): Promise<number> {
  const message = await new MailComposer(options).compile().build();
  return message.length;
}

function utf8Bytes(value: string | null): number {
  return value === null ? 0 : Buffer.byteLength(value, 'utf8');
}

/** A header value at worst: encoded words (Q: `=XX` per byte, `=?UTF-8?Q?`, `?=` and a fold per word) and the line around it. */
function headerBound(value: string | null): number {
  return 128 + 6 * utf8Bytes(value);
}

/** An address at worst: the local part encoded, the domain in punycode (at most 8 characters per UTF-8 byte), the list's separators and folds. */
function addressBound(address: string | null): number {
  return 64 + 8 * utf8Bytes(address);
}

/**
 * An upper bound of `encodedSize(mailOptions(content, messageId, sender))` that costs a few
 * microseconds instead of composing the message (about half of sendEmail's CPU): what MIME can
 * make of each byte at worst, plus generous fixed costs for the message's own headers (Date,
 * MIME-Version, Content-Type and boundaries) and each part's. Bodies are quoted-printable at
 * worst (3 bytes per byte and soft line breaks, under 4; base64 is 1.37); attachments come as
 * base64 and go as base64 in 76-character lines (78/76), message/* ones decoded (8bit). Never less
 * than the encoded message: a property test composes random messages (non-ASCII everywhere,
 * attachments) and worst cases of each part to check it against nodemailer.
 */
export function encodedSizeBound(content: MessageContent, messageId: string, sender: { name: string | null; address: string | null }): number {
  const fromName = content.fromAddress === null ? sender.name : content.fromName;
  let bound = 4096 + utf8Bytes(messageId) + headerBound(content.subject) + headerBound(fromName) + addressBound(content.fromAddress ?? sender.address);
  for (const list of [content.to, content.cc, content.bcc, content.replyTo]) for (const address of list) bound += addressBound(address);
  for (const header of content.headers) bound += headerBound(header.name) + headerBound(header.value);
  for (const body of [content.text, content.html]) if (body !== null) bound += 1024 + 4 * utf8Bytes(body);
  for (const attachment of content.attachments) {
    // message/* goes unencoded (8bit): 3/4 of the base64 at most, each line feed perhaps doubled.
    const encoded = /^message\//i.test(attachment.contentType) ? 1.5 * attachment.content.length : (78 / 76) * attachment.content.length + 4;
    bound += 1024 + 2 * headerBound(attachment.filename) + utf8Bytes(attachment.contentType) + Math.ceil(encoded);
  }
  return bound;
}

let host: string | undefined;

/**
 * A host name fit for the right-hand side of a Message-ID: this machine's, else `localhost`.
 * Looked up once: os.hostname() is a system call, and sendEmail without a sender address asks for every message.
 */
function hostDomain(): string {
  if (host === undefined) {
    const name = hostname().toLowerCase();
    host = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/.test(name) ? name : 'localhost';
  }
  return host;
}

/** A new RFC 5322 Message-ID, `<uuid@domain>`: the domain of `address` when given, else the host name. */
export function newMessageId(address: string | null): string {
  const domain = address?.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return `<${randomUUID()}@${domain && /^[a-z0-9.[\]:-]+$/.test(domain) ? domain : hostDomain()}>`;
}
