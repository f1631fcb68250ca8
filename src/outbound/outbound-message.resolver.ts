import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import { argumentGiven } from '../platform/graphql/argument-given.js';
import type { Caller } from '../platform/auth/token-authenticator.js';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import { OutboundMessagesArgs } from './outbound-message.args.js';
import type { OutboundMessageService } from './outbound-message.service.js';
import {
  CancelOutboundMessagePayload,
  OutboundMessage,
  OutboundMessageConnection,
  RetryOutboundMessagePayload,
  SendEmailPayload,
} from './outbound-message.type.js';
import { CancelOutboundMessageInput, RetryOutboundMessageInput, SendEmailInput } from './send-email.input.js';

function callerOf(context: RequestContext): Caller {
  if (!context.caller) throw new UnauthenticatedError();
  return context.caller;
}

/** Builds the outbound mail resolver around a service instance (no global container). */
export function outboundMessageResolver(service: OutboundMessageService) {
  @Resolver()
  class OutboundMessageResolver {
    @Authorized('sender')
    @Mutation(() => SendEmailPayload, {
      description:
        'Accepts a message for delivery through the configured outgoing server (sender or admin tokens). Answered once the message and its delivery job are committed: it will be delivered or end FAILED or CANCELLED.',
    })
    sendEmail(
      @Arg('input', () => SendEmailInput, { description: 'The message' }) input: SendEmailInput,
      @Ctx() context: RequestContext,
    ): Promise<SendEmailPayload> {
      return service.send(input, callerOf(context));
    }

    @Authorized('sender')
    @Query(() => OutboundMessage, {
      nullable: true,
      description: 'One outbound message (sender tokens: only those they sent; admin: any). Null when there is no such message or the token may not see it.',
    })
    outboundMessage(
      @Arg('id', () => ID, { description: 'Global id of the message (OutboundMessage.id)' }) id: string,
      @Ctx() context: RequestContext,
    ): Promise<OutboundMessage | null> {
      return service.message(id, callerOf(context));
    }

    @Authorized('sender')
    @Query(() => OutboundMessageConnection, {
      description: 'Outbound messages, newest first, as a Relay connection (sender tokens: those they sent; admin: all)',
    })
    outboundMessages(
      @Args(() => OutboundMessagesArgs) args: OutboundMessagesArgs,
      @Info() info: GraphQLResolveInfo,
      @Ctx() context: RequestContext,
    ): Promise<OutboundMessageConnection> {
      const last = args.last ?? null;
      // first's SDL default gives way to a last the caller gave; a first the caller gave does not.
      const first = last === null || argumentGiven(info, 'first') ? (args.first ?? null) : null;
      return service.page({ status: args.status ?? null, first, after: args.after ?? null, last, before: args.before ?? null }, callerOf(context));
    }

    @Authorized('admin')
    @Mutation(() => RetryOutboundMessagePayload, {
      description:
        'Queues a FAILED or CANCELLED message again, attempts kept (admin tokens only); CONFLICT in any other status or once its content was deleted',
    })
    async retryOutboundMessage(
      @Arg('input', () => RetryOutboundMessageInput, { description: 'The message to retry' }) input: RetryOutboundMessageInput,
    ): Promise<RetryOutboundMessagePayload> {
      return { message: await service.retry(input.id) };
    }

    @Authorized('admin')
    @Mutation(() => CancelOutboundMessagePayload, {
      description: 'Cancels a QUEUED or RETRYING message (admin tokens only); CONFLICT when it is being sent, sent, or already final',
    })
    async cancelOutboundMessage(
      @Arg('input', () => CancelOutboundMessageInput, { description: 'The message to cancel' }) input: CancelOutboundMessageInput,
    ): Promise<CancelOutboundMessagePayload> {
      return { message: await service.cancel(input.id) };
    }
  }
  return OutboundMessageResolver;
}
