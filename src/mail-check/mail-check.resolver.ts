import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import type { MailCheckService } from './mail-check.service.js';
import { SendTestEmailInput, TestMailSessionInput } from './mail-check.input.js';
import { SendTestEmailPayload, TestMailSessionPayload } from './mail-check.type.js';

/** Builds the resolver class around a service instance (no global container). */
export function mailCheckResolver(service: MailCheckService) {
  @Resolver()
  class MailCheckResolver {
    @Authorized('admin')
    @Mutation(() => TestMailSessionPayload, {
      description: 'Tests the saved settings, or candidate settings merged over them, step by step. Saves nothing, sends no mail (admin tokens only)',
    })
    testMailSession(
      @Arg('input', () => TestMailSessionInput, {
        defaultValue: {},
        description: 'What to test; left out: the saved settings, with the sender as recipient',
      })
      input: TestMailSessionInput,
      @Ctx() context: RequestContext,
    ): Promise<TestMailSessionPayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.test(input.settings, context.caller, input.recipient ?? undefined);
    }

    @Authorized('admin')
    @Mutation(() => SendTestEmailPayload, {
      description: 'Sends a real test message through the live outgoing transport, from the default sender (admin tokens only)',
    })
    sendTestEmail(
      @Arg('input', () => SendTestEmailInput, { description: 'Where to send the test message' }) input: SendTestEmailInput,
      @Ctx() context: RequestContext,
    ): Promise<SendTestEmailPayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.sendTestEmail(input.to, context.caller);
    }
  }
  return MailCheckResolver;
}
