import { ArgsType, Field } from 'type-graphql';
import { RelayPageArgs } from '../platform/graphql/relay-page.args.js';
import { InboundMessageStatus } from './inbound-message.enums.js';
import { DEFAULT_INBOUND_PAGE, MAX_INBOUND_PAGE } from './inbound-message.page-size.js';

/** The arguments of inboundMessages: a status filter and the Relay connection arguments, in Relay's order. */
@ArgsType()
export class InboundMessagesArgs extends RelayPageArgs({
  items: 'messages',
  firstFrom: 'oldest',
  after: 'stored after this cursor (an endCursor or edge cursor of the same status filter)',
  before: 'stored before this cursor (a startCursor or edge cursor)',
  defaultPage: DEFAULT_INBOUND_PAGE,
  maxPage: MAX_INBOUND_PAGE,
}) {
  @Field(() => InboundMessageStatus, { nullable: true, description: 'Only messages with this status; null or left out: every message' })
  status!: InboundMessageStatus | null;
}
