import { ArgsType, Field } from 'type-graphql';
import { RelayPageArgs } from '../platform/graphql/relay-page.args.js';
import { OutboundStatus } from './outbound-message.enums.js';
import { DEFAULT_OUTBOUND_PAGE, MAX_OUTBOUND_PAGE } from './outbound-message.service.js';

/** The arguments of outboundMessages: a status filter and Relay's forward paging. */
@ArgsType()
export class OutboundMessagesArgs extends RelayPageArgs({
  items: 'messages',
  firstFrom: 'newest',
  after: 'older than this cursor (an endCursor or edge cursor)',
  before: 'newer than this cursor (a startCursor or edge cursor)',
  defaultPage: DEFAULT_OUTBOUND_PAGE,
  maxPage: MAX_OUTBOUND_PAGE,
}) {
  @Field(() => OutboundStatus, { nullable: true, description: 'Only messages in this status; null or left out: all' })
  status!: keyof typeof OutboundStatus | null;
}
