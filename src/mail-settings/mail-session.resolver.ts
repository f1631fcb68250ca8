import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../platform/graphql/context.js';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import { UpdateMailSessionInput } from './mail-session.input.js';
import type { MailSessionService } from './mail-session.service.js';
import { MailSession, UpdateMailSessionPayload } from './mail-session.type.js';

/** Builds the resolver class around a service instance (no global container). */
export function mailSessionResolver(service: MailSessionService) {
  @Resolver(() => MailSession)
  class MailSessionResolver {
    @Authorized('viewer')
    @Query(() => MailSession, { description: 'The mail server settings (viewer or admin tokens)' })
    // Its answer is kept per settings view and caller role (snapshotAnswerCache in app.ts): it
    // must read nothing but service.get() and depend on the caller only through @Authorized.
    mailSession(): MailSession {
      return service.get();
    }

    @Authorized('admin')
    @Mutation(() => UpdateMailSessionPayload, { description: 'Changes the mail server settings (admin tokens only)' })
    updateMailSession(
      @Arg('input', () => UpdateMailSessionInput, { description: 'The fields to change; fields left out keep their values' }) input: UpdateMailSessionInput,
      @Ctx() context: RequestContext,
    ): Promise<UpdateMailSessionPayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.update(input, context.caller);
    }
  }
  return MailSessionResolver;
}
