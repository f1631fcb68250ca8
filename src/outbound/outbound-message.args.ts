import { ArgsType, Field, Int } from 'type-graphql';
import { OutboundStatus } from './outbound-message.enums.js';
import { DEFAULT_OUTBOUND_PAGE, MAX_OUTBOUND_PAGE } from './outbound-message.service.js';

/** The arguments of outboundMessages: a status filter and Relay's forward paging. */
@ArgsType()
export class OutboundMessagesArgs {
  @Field(() => OutboundStatus, { nullable: true, description: 'Only messages in this status; null or left out: all' })
  status!: keyof typeof OutboundStatus | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_OUTBOUND_PAGE,
    description: `How many messages to return from the newest end of the range, 1 to ${MAX_OUTBOUND_PAGE}. Not applied when last is given; giving both is refused (BAD_USER_INPUT).`,
  })
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Only messages older than this cursor (an endCursor or edge cursor)' })
  after!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many messages to return from the oldest end of the range, 1 to ${MAX_OUTBOUND_PAGE}: with before, to page towards newer messages`,
  })
  last!: number | null;

  @Field(() => String, { nullable: true, description: 'Only messages newer than this cursor (a startCursor or edge cursor)' })
  before!: string | null;
}
