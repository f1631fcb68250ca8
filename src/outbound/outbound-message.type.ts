import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MailCheckFailureCode } from '../mail-check/mail-check.enums.js';
import { Node } from '../platform/graphql/node.js';
import { PageInfo } from '../platform/graphql/page-info.js';
import { OutboundStatus } from './outbound-message.enums.js';

@ObjectType({ description: 'Why the last attempt to send a message failed, classified like the connection test' })
export class OutboundError {
  @Field(() => MailCheckFailureCode, { nullable: true, description: 'The kind of failure, as testMailSession names it; null when no code fits' })
  code!: keyof typeof MailCheckFailureCode | null;

  @Field({ description: 'What went wrong, in words' })
  message!: string;

  @Field(() => String, { nullable: true, description: "The mail server's reply, as it sent it (e.g. 421 4.7.0 Try again later); null when it sent none" })
  reply!: string | null;
}

@ObjectType({ description: 'A recipient the mail server refused' })
export class RejectedRecipient {
  @Field({ description: 'The refused address' })
  address!: string;

  @Field(() => String, { nullable: true, description: "The server's reply to RCPT TO for this address (e.g. 550 5.1.1 User unknown)" })
  reply!: string | null;
}

@ObjectType({ implements: Node, description: 'A message accepted by sendEmail, from acceptance to its last attempt' })
export class OutboundMessage implements Node {
  @Field(() => ID, { description: 'Global id of this message (Query.node and outboundMessage fetch it)' })
  id!: string;

  @Field({ description: 'The RFC 5322 Message-ID, fixed at acceptance and kept across retries, so receivers can drop duplicates' })
  messageId!: string;

  @Field(() => OutboundStatus, { description: 'Where the message is in its life' })
  status!: keyof typeof OutboundStatus;

  @Field(() => Int, { description: 'Attempts made so far (a retry by an admin keeps the count)' })
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (RETRYING); null otherwise' })
  nextAttemptAt!: Date | null;

  @Field(() => OutboundError, { nullable: true, description: 'Why the last failed attempt failed; null when none has' })
  lastError!: OutboundError | null;

  @Field(() => [String], { description: 'To recipients' })
  to!: string[];

  @Field(() => [String], { description: 'Cc recipients' })
  cc!: string[];

  @Field(() => [String], { description: 'Bcc recipients' })
  bcc!: string[];

  @Field({ description: 'The subject line' })
  subject!: string;

  @Field(() => Int, {
    description:
      'Size of the encoded message in bytes as checked at acceptance, never less than it: an upper bound computed without composing the message when that bound fits OUTBOUND_MAX_MESSAGE_BYTES, else the exact size of the composed message',
  })
  sizeBytes!: number;

  @Field(() => [String], { description: 'Recipients the server accepted' })
  acceptedRecipients!: string[];

  @Field(() => [RejectedRecipient], { description: 'Recipients the server refused, each with its reply' })
  rejectedRecipients!: RejectedRecipient[];

  @Field(() => Int, { nullable: true, description: 'The settings version of the transport that made the last attempt; null before any' })
  settingsVersion!: number | null;

  @Field({ description: 'Name of the token that sent it' })
  createdBy!: string;

  @Field({ description: 'When sendEmail accepted it (committed)' })
  acceptedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the server accepted it; null until then' })
  sentAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When its bodies, attachments and headers were deleted (OUTBOUND_RETENTION_DAYS after acceptance, once final); null while kept',
  })
  contentDeletedAt!: Date | null;
}

@ObjectType({ description: 'One outbound message in a page, with the cursor that marks its place' })
export class OutboundMessageEdge {
  @Field({ description: 'Opaque place of this message in the list: pass it as after for the next page' })
  cursor!: string;

  @Field(() => OutboundMessage, { description: 'The message' })
  node!: OutboundMessage;
}

@ObjectType({ description: 'A page of outbound messages, newest first (a Relay cursor connection)' })
export class OutboundMessageConnection {
  @Field(() => [OutboundMessageEdge], { description: 'The messages of this page, newest first' })
  edges!: OutboundMessageEdge[];

  @Field(() => PageInfo, { description: 'Cursors of this page and whether more messages follow' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many messages the whole list holds (with the same status filter), whatever the page' })
  totalCount!: number;
}

@ObjectType({ description: 'The result of sendEmail' })
export class SendEmailPayload {
  @Field(() => OutboundMessage, { description: 'The accepted message (the first one, when duplicate)' })
  message!: OutboundMessage;

  @Field({ description: 'True when the idempotency key named a message this caller sent before with the same content: nothing new was queued' })
  duplicate!: boolean;
}

@ObjectType({ description: 'The result of retryOutboundMessage' })
export class RetryOutboundMessagePayload {
  @Field(() => OutboundMessage, { description: 'The message, QUEUED again' })
  message!: OutboundMessage;
}

@ObjectType({ description: 'The result of cancelOutboundMessage' })
export class CancelOutboundMessagePayload {
  @Field(() => OutboundMessage, { description: 'The message, CANCELLED' })
  message!: OutboundMessage;
}
