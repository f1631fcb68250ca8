import { ArgsType, Field, Int } from 'type-graphql';
import { InboundMessageStatus } from './inbound-message.enums.js';
import { DEFAULT_INBOUND_PAGE, MAX_INBOUND_PAGE } from './inbound-message.page-size.js';

/** The arguments of inboundMessages: a status filter and the Relay connection arguments, in Relay's order. */
@ArgsType()
export class InboundMessagesArgs {
  @Field(() => InboundMessageStatus, { nullable: true, description: 'Only messages with this status; null or left out: every message' })
  status!: InboundMessageStatus | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_INBOUND_PAGE,
    description: `How many messages to return from the oldest end of the range, 1 to ${MAX_INBOUND_PAGE}. Not applied when last is given; giving both is refused (BAD_USER_INPUT).`,
  })
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Only messages stored after this cursor (an endCursor or edge cursor of the same status filter)' })
  after!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many messages to return from the newest end of the range, 1 to ${MAX_INBOUND_PAGE}: with before, to page towards older messages`,
  })
  last!: number | null;

  @Field(() => String, { nullable: true, description: 'Only messages stored before this cursor (a startCursor or edge cursor)' })
  before!: string | null;
}
