import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import type { MailCheckService } from './mail-check.service.js';
import { MailSessionTestReport, TestEmailResult, TestMailSessionInput } from './mail-check.type.js';

/** Builds the resolver class around a service instance (no global container). */
export function mailCheckResolver(service: MailCheckService) {
  @Resolver()
  class MailCheckResolver {
    @Authorized('admin')
    @Mutation(() => MailSessionTestReport, {
      description: 'Tests the saved settings, or candidate settings merged over them, step by step. Saves nothing, sends no mail (admin tokens only)',
    })
    testMailSession(
      @Arg('input', () => TestMailSessionInput, { nullable: true }) input: TestMailSessionInput | null | undefined,
      @Ctx() context: RequestContext,
      @Arg('recipient', () => EmailAddressResolver, {
        nullable: true,
        description: 'RCPT TO of the sender check (MAIL FROM, RCPT TO, RSET: nothing is sent); unset: the sender itself',
      })
      recipient?: string | null,
    ): Promise<MailSessionTestReport> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.test(input, context.caller, recipient ?? undefined);
    }

    @Authorized('admin')
    @Mutation(() => TestEmailResult, {
      description: 'Sends a real test message through the live outgoing transport, from the default sender (admin tokens only)',
    })
    sendTestEmail(@Arg('to', () => EmailAddressResolver) to: string, @Ctx() context: RequestContext): Promise<TestEmailResult> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.sendTestEmail(to, context.caller);
    }
  }
  return MailCheckResolver;
}
