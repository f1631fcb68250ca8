import { Field, ID, InputType } from 'type-graphql';
import { EmailAddressScalar } from '../platform/graphql/scalars.js';

@InputType({ description: 'Who a message is from: an address and an optional display name' })
export class SenderInput {
  @Field(() => String, { nullable: true, description: 'Display name; null or left out: the address alone' })
  name?: string | null;

  @Field(() => EmailAddressScalar, { description: 'The sender address' })
  address!: string;
}

@InputType({ description: 'A custom header of a message: only X- headers, no line breaks' })
export class MailHeaderInput {
  @Field({
    description: 'Header name starting with X- (letters, digits and hyphens), not one the mailer sets itself (X-Mailer, X-Priority, X-MSMail-Priority)',
  })
  name!: string;

  @Field({ description: 'Header value: printable text without CR, LF or NUL, at most 998 characters' })
  value!: string;
}

@InputType({ description: 'A file attached to a message' })
export class AttachmentInput {
  @Field({ description: 'File name shown to the recipient, 1 to 255 characters, without line breaks or path separators' })
  filename!: string;

  @Field({ description: 'MIME type of the content, e.g. application/pdf (type/subtype, no parameters)' })
  contentType!: string;

  @Field({ description: 'The content, base64 (RFC 4648, with padding, no line breaks)' })
  content!: string;
}

@InputType({ description: 'A message to send through the configured outgoing server' })
export class SendEmailInput {
  @Field(() => [EmailAddressScalar], { defaultValue: [], description: 'To recipients; to, cc and bcc need at least one address in all' })
  to!: string[];

  @Field(() => [EmailAddressScalar], { defaultValue: [], description: 'Cc recipients' })
  cc!: string[];

  @Field(() => [EmailAddressScalar], { defaultValue: [], description: 'Bcc recipients: in the envelope, never in the headers' })
  bcc!: string[];

  @Field(() => SenderInput, {
    nullable: true,
    description: 'The sender; null or left out: the default sender of the settings in force when the message is sent',
  })
  from?: SenderInput | null;

  @Field(() => [EmailAddressScalar], { defaultValue: [], description: 'Reply-To addresses; empty: replies go to the sender' })
  replyTo!: string[];

  @Field({ description: 'Subject line, at most 998 characters, without line breaks; may be empty' })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'Plain-text body; text, html or both must be given' })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'HTML body; text, html or both must be given' })
  html?: string | null;

  @Field(() => [MailHeaderInput], { defaultValue: [], description: 'Custom X- headers, at most 50' })
  headers!: MailHeaderInput[];

  @Field(() => [AttachmentInput], { defaultValue: [], description: 'Attachments; the encoded message must stay within OUTBOUND_MAX_MESSAGE_BYTES' })
  attachments!: AttachmentInput[];

  @Field(() => String, {
    nullable: true,
    description:
      "A key of the caller's choice (1 to 200 printable characters) that makes a retried request safe: the same key with the same content within 24 hours returns the first message (duplicate: true); with other content it is refused with CONFLICT",
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Which outbound message to retry' })
export class RetryOutboundMessageInput {
  @Field(() => ID, { description: 'Global id of the message (OutboundMessage.id); it must be FAILED or CANCELLED' })
  id!: string;
}

@InputType({ description: 'Which outbound message to cancel' })
export class CancelOutboundMessageInput {
  @Field(() => ID, { description: 'Global id of the message (OutboundMessage.id); it must be QUEUED or RETRYING' })
  id!: string;
}
