import { Authorized, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../platform/graphql/context.js';
import { isSubscriptionContext, SubscriptionOverHttpError } from '../platform/graphql/subscription-context.js';
import type { InboundMessageService } from './inbound-message.service.js';
import { InboundMessage } from './inbound-message.type.js';

/** Builds the inboundMessageReceived subscription around the service's feed (no global container). */
export function inboundMessageReceivedResolver(service: InboundMessageService) {
  @Resolver()
  class InboundMessageReceivedResolver {
    // type-graphql runs this check when the subscription starts: a viewer is refused before any event.
    @Authorized('receiver')
    @Subscription(() => InboundMessage, {
      description:
        'Each inbound message as soon as it is stored, by whichever instance reads the mailbox (receiver or admin tokens). A signal, not a queue: a client that was not connected finds what it missed with inboundMessages(status: NEW). Served over WebSocket (graphql-ws) at /graphql.',
      subscribe: ({ context }: { context: RequestContext }) => {
        if (!isSubscriptionContext(context)) throw new SubscriptionOverHttpError();
        return service.subscribe(context.dropSlowConsumer);
      },
    })
    inboundMessageReceived(@Root() message: InboundMessage | undefined): InboundMessage {
      // Apollo Server runs a subscription sent over HTTP as a query: nothing was published to it.
      if (message === undefined) throw new SubscriptionOverHttpError();
      return message;
    }
  }
  return InboundMessageReceivedResolver;
}
