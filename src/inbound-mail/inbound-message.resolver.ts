import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { argumentGiven } from '../platform/graphql/argument-given.js';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import { InboundMessagesArgs } from './inbound-message.args.js';
import { AcknowledgeInboundMessageInput } from './inbound-message.input.js';
import type { InboundMessageService } from './inbound-message.service.js';
import { AcknowledgeInboundMessagePayload, InboundMessage, InboundMessageConnection } from './inbound-message.type.js';

/** Builds the inbound message resolver around a service instance (no global container). */
export function inboundMessageResolver(service: InboundMessageService) {
  // The bodies are private mail: receiver tokens (the application's services) and admins only.
  @Resolver(() => InboundMessage)
  class InboundMessageResolver {
    @Authorized('receiver')
    @Query(() => InboundMessageConnection, {
      description:
        'Stored inbound messages, oldest first (by receivedAt, then id), as a Relay connection (receiver or admin tokens). Read the work to do with status: NEW, then page towards newer messages with first and after: endCursor, towards older ones with last and before: startCursor.',
    })
    inboundMessages(@Args(() => InboundMessagesArgs) args: InboundMessagesArgs, @Info() info: GraphQLResolveInfo): Promise<InboundMessageConnection> {
      const last = args.last ?? null;
      // first's SDL default gives way to a last the caller gave; a first the caller gave does not.
      const first = last === null || argumentGiven(info, 'first') ? (args.first ?? null) : null;
      return service.page(args.status ?? null, { first, after: args.after ?? null, last, before: args.before ?? null });
    }

    @Authorized('receiver')
    @Query(() => InboundMessage, {
      nullable: true,
      description: 'The stored inbound message with this id (receiver or admin tokens); null when there is none',
    })
    inboundMessage(@Arg('id', () => ID, { description: 'Global id of the message (InboundMessage.id)' }) id: string): Promise<InboundMessage | null> {
      return service.byId(id);
    }

    @Authorized('receiver')
    @Mutation(() => AcknowledgeInboundMessagePayload, {
      description:
        'Marks a NEW message as handled (ACKNOWLEDGED), recording when and by which token (receiver or admin tokens). Again on an ACKNOWLEDGED message: answered unchanged, acknowledgedNow false. A REFUSED message: CONFLICT. Unknown id: NOT_FOUND.',
    })
    acknowledgeInboundMessage(
      @Arg('input', () => AcknowledgeInboundMessageInput, { description: 'The message to acknowledge' }) input: AcknowledgeInboundMessageInput,
      @Ctx() context: RequestContext,
    ): Promise<AcknowledgeInboundMessagePayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.acknowledge(input.id, context.caller);
    }

    // Every way to an InboundMessage is guarded already; this keeps the source guarded on any new one.
    @Authorized('receiver')
    @FieldResolver(() => String, {
      nullable: true,
      description: `The raw message source in base64 while it is retained (INBOUND_RETENTION_DAYS after receivedAt); null after (see rawDeletedAt). Up to INBOUND_MAX_MESSAGE_BYTES before base64: select it only when needed.`,
    })
    raw(@Root() message: InboundMessage): Promise<string | null> {
      return service.raw(message.localId);
    }
  }
  return InboundMessageResolver;
}
