import type { InputProblem } from '../platform/errors/domain-errors.js';

/** The fields of a sendEmail input the rules read (SendEmailInput, without the GraphQL classes). */
export interface SendEmailFields {
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  from?: { name?: string | null; address: string } | null;
  replyTo: readonly string[];
  subject: string;
  text?: string | null;
  html?: string | null;
  headers: readonly { name: string; value: string }[];
  attachments: readonly { filename: string; contentType: string; content: string }[];
  idempotencyKey?: string | null;
}

/** X- headers nodemailer writes itself (`xMailer`, `priority`): a caller's copy would be doubled or lost. */
const MAILER_HEADERS = new Set(['x-mailer', 'x-priority', 'x-msmail-priority']);
const HEADER_NAME = /^X-[A-Za-z0-9][A-Za-z0-9-]{0,74}$/;
/** Printable text: no control characters (tab allowed), so nothing can break a header line. */
const CONTROL = /[\0-\x08\n-\x1f\x7f]/;
const LINE_BREAK = /[\r\n\0]/;
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** RFC 5322's line limit: a longer subject or header value cannot be written unfolded. */
const MAX_LINE = 998;
const MAX_HEADERS = 50;

/**
 * Every problem of a sendEmail input the input itself shows (the encoded size is measured after,
 * by composing the message), each at its path from the input down, values never repeated.
 */
export function sendEmailProblems(input: SendEmailFields, maxRecipients: number): InputProblem[] {
  const problems: InputProblem[] = [];
  const problem = (field: (string | number)[], message: string) => problems.push({ field, message });
  const recipients = input.to.length + input.cc.length + input.bcc.length;
  if (recipients === 0) problem(['to'], 'to, cc and bcc must name at least one recipient in all');
  if (recipients > maxRecipients)
    problem(['to'], `to, cc and bcc name ${recipients} recipients in all; at most ${maxRecipients} are accepted (OUTBOUND_MAX_RECIPIENTS)`);
  if (input.from?.name != null && (CONTROL.test(input.from.name) || input.from.name.length > 256)) {
    problem(['from', 'name'], 'from.name must be at most 256 characters without line breaks or control characters');
  }
  if (LINE_BREAK.test(input.subject) || CONTROL.test(input.subject) || input.subject.length > MAX_LINE) {
    problem(['subject'], `subject must be at most ${MAX_LINE} characters without line breaks or control characters`);
  }
  if ((input.text ?? null) === null && (input.html ?? null) === null) problem(['text'], 'text or html (or both) must be given');
  if (input.headers.length > MAX_HEADERS) problem(['headers'], `at most ${MAX_HEADERS} headers are accepted`);
  input.headers.forEach((header, index) => {
    if (!HEADER_NAME.test(header.name)) {
      problem(['headers', index, 'name'], 'headers name must start with X- and hold only letters, digits and hyphens (at most 76 characters)');
    } else if (MAILER_HEADERS.has(header.name.toLowerCase())) {
      problem(['headers', index, 'name'], 'headers name is one the mailer sets itself (X-Mailer, X-Priority, X-MSMail-Priority)');
    }
    if (CONTROL.test(header.value) || header.value.length > MAX_LINE) {
      problem(['headers', index, 'value'], `headers value must be at most ${MAX_LINE} characters without line breaks or control characters`);
    }
  });
  input.attachments.forEach((attachment, index) => {
    const { filename, contentType, content } = attachment;
    if (filename.length === 0 || filename.length > 255 || CONTROL.test(filename) || /[/\\]/.test(filename)) {
      problem(
        ['attachments', index, 'filename'],
        'attachments filename must be 1 to 255 characters without line breaks, control characters or path separators',
      );
    }
    if (!MIME_TYPE.test(contentType)) problem(['attachments', index, 'contentType'], 'attachments contentType must be a MIME type such as application/pdf');
    if (!BASE64.test(content)) problem(['attachments', index, 'content'], 'attachments content must be base64 (RFC 4648, with padding, no line breaks)');
  });
  const key = input.idempotencyKey;
  if (key != null && (key.length === 0 || key.length > 200 || CONTROL.test(key))) {
    problem(['idempotencyKey'], 'idempotencyKey must be 1 to 200 characters without control characters');
  }
  return problems;
}
