import type { SendMailOptions } from 'nodemailer';
import type { OutboundMessage } from '../generated/prisma/client.js';

interface StoredHeader {
  name: string;
  value: string;
}

interface StoredAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** The entries of a JSON array column that have the expected string fields. */
function entriesOf<T extends object>(column: unknown, fields: readonly (keyof T & string)[]): T[] {
  if (!Array.isArray(column)) return [];
  return column.filter(
    (entry: unknown): boolean =>
      typeof entry === 'object' && entry !== null && fields.every((name) => typeof (entry as Record<string, unknown>)[name] === 'string'),
  ) as T[];
}

/** The columns of a stored message that its sending needs. */
export type DeliverableMessage = Pick<
  OutboundMessage,
  | 'id'
  | 'messageId'
  | 'fromName'
  | 'fromAddress'
  | 'toAddresses'
  | 'ccAddresses'
  | 'bccAddresses'
  | 'replyTo'
  | 'subject'
  | 'textBody'
  | 'htmlBody'
  | 'headers'
  | 'attachments'
>;

/**
 * The nodemailer message of a stored row: its fixed Message-ID (the same at every attempt, so
 * receivers can drop a duplicate), and no From when the row has none (the transport then uses the
 * default sender in force at the attempt).
 */
export function outboundMail(row: DeliverableMessage): SendMailOptions {
  const headers = entriesOf<StoredHeader>(row.headers, ['name', 'value']).map(({ name, value }) => ({ key: name, value }));
  const attachments = entriesOf<StoredAttachment>(row.attachments, ['filename', 'contentType', 'content']).map((entry) => ({
    filename: entry.filename,
    contentType: entry.contentType,
    content: entry.content,
    encoding: 'base64',
  }));
  return {
    messageId: row.messageId,
    ...(row.fromAddress ? { from: { name: row.fromName ?? '', address: row.fromAddress } } : {}),
    to: row.toAddresses,
    cc: row.ccAddresses,
    bcc: row.bccAddresses,
    ...(row.replyTo.length > 0 ? { replyTo: row.replyTo } : {}),
    subject: row.subject,
    ...(row.textBody !== null ? { text: row.textBody } : {}),
    ...(row.htmlBody !== null ? { html: row.htmlBody } : {}),
    headers,
    attachments,
  };
}
