import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../platform/graphql/node.js';
import { PageInfo } from '../platform/graphql/page-info.js';
import { InboundMessageStatus } from './inbound-message.enums.js';

@ObjectType({ description: 'A mailbox as the From header names it' })
export class InboundAddress {
  @Field(() => String, { nullable: true, description: 'The display name; null when the header gives none' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'The address; null when the header holds none that could be read' })
  address!: string | null;
}

@ObjectType({ description: 'One header field of a message, as it came' })
export class InboundHeader {
  @Field({ description: 'The field name, as written in the message' })
  name!: string;

  @Field({ description: 'The field value, unfolded' })
  value!: string;
}

@ObjectType({ description: 'What an attachment is (its content is not stored apart from the raw source)' })
export class InboundAttachment {
  @Field(() => String, { nullable: true, description: 'The file name the message gives; null when none' })
  filename!: string | null;

  @Field({ description: 'The MIME type, e.g. application/pdf' })
  contentType!: string;

  @Field(() => Int, { description: 'Size of the decoded content in bytes' })
  size!: number;

  @Field(() => String, { nullable: true, description: 'The Content-ID an HTML part refers to it by (cid:), without angle brackets; null when none' })
  contentId!: string | null;
}

@ObjectType({
  implements: Node,
  description: 'A message read from the incoming mailbox and stored once, parsed; only receiver and admin tokens may read it, since it is private mail',
})
export class InboundMessage implements Node {
  @Field(() => ID, { description: 'Global id of this message (Query.node and inboundMessage fetch it; acknowledgeInboundMessage takes it)' })
  id!: string;

  @Field(() => InboundMessageStatus, { description: 'Where the message stands with the application' })
  status!: InboundMessageStatus;

  @Field({ description: 'The mailbox it was read from, as the reader names it (server and folder)' })
  mailbox!: string;

  @Field(() => String, { nullable: true, description: 'The Message-ID header, with angle brackets; null when the message has none' })
  messageId!: string | null;

  @Field(() => InboundAddress, { nullable: true, description: 'The From header; null when the message has none' })
  from!: InboundAddress | null;

  @Field(() => [String], { description: 'The addresses of the To header, in its order' })
  to!: string[];

  @Field(() => [String], { description: 'The addresses of the Cc header, in its order' })
  cc!: string[];

  @Field(() => String, { nullable: true, description: 'The Subject header, decoded; null when the message has none' })
  subject!: string | null;

  @Field(() => Date, { nullable: true, description: 'The Date header; null when missing or not a date' })
  date!: Date | null;

  @Field(() => Int, { description: 'Size of the raw message in bytes, as the mail server gave it' })
  size!: number;

  @Field(() => [InboundHeader], { description: 'Every header field, in the order of the message' })
  headers!: InboundHeader[];

  @Field(() => String, { nullable: true, description: 'The plain text part; null when the message has none (or was refused or unparseable)' })
  text!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The HTML part as sent, not sanitized: render it only in a sandbox; null when the message has none',
  })
  html!: string | null;

  @Field(() => [InboundAttachment], { description: 'The attachments, metadata only, in the order of the message' })
  attachments!: InboundAttachment[];

  @Field({ description: 'mailparser could not parse the message: only the raw source (while retained) and the size are known' })
  unparseable!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the message was not taken in (status REFUSED); null otherwise' })
  refusedReason!: string | null;

  @Field({ description: 'When the message was stored here' })
  receivedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was acknowledged; null while it is not' })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Name of the token that acknowledged it; null while it is not' })
  acknowledgedBy!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the raw source was deleted (INBOUND_RETENTION_DAYS after receivedAt); null while it is retained',
  })
  rawDeletedAt!: Date | null;

  /** The local id (the row's UUID), for the raw field's resolver; not a GraphQL field. */
  localId!: string;
}

@ObjectType({ description: 'One stored message, with the cursor that marks its place' })
export class InboundMessageEdge {
  @Field({ description: 'Opaque place of this message in the list: pass it as after to read the messages stored after it' })
  cursor!: string;

  @Field(() => InboundMessage, { description: 'The message' })
  node!: InboundMessage;
}

@ObjectType({ description: 'A page of stored messages, oldest first (a Relay cursor connection)' })
export class InboundMessageConnection {
  @Field(() => [InboundMessageEdge], { description: 'The messages of this page, oldest first (by receivedAt, then id)' })
  edges!: InboundMessageEdge[];

  @Field(() => PageInfo, { description: 'Cursors of this page and whether there are messages before and after it' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many messages match the status filter, whatever the page' })
  totalCount!: number;
}

@ObjectType({ description: 'The result of acknowledgeInboundMessage' })
export class AcknowledgeInboundMessagePayload {
  @Field(() => InboundMessage, { description: 'The message, ACKNOWLEDGED: by this call, or by an earlier one (whose time and token it keeps)' })
  inboundMessage!: InboundMessage;

  @Field({ description: 'Whether this call acknowledged it; false when it already was (acknowledging again changes nothing)' })
  acknowledgedNow!: boolean;
}
