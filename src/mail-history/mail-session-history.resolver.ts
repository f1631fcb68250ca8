import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import { argumentGiven } from '../platform/graphql/argument-given.js';
import type { RequestContext } from '../platform/graphql/context.js';
import { RestoreMailSessionInput } from './mail-session-history.input.js';
import { MailSessionHistoryArgs } from './mail-session-history.args.js';
import type { MailSessionHistoryService } from './mail-session-history.service.js';
import { MailSessionRevisionConnection, RestoreMailSessionPayload } from './mail-session-history.type.js';

/** Builds the history resolver around a service instance (no global container). */
export function mailSessionHistoryResolver(service: MailSessionHistoryService) {
  @Resolver()
  class MailSessionHistoryResolver {
    @Authorized('viewer')
    @Query(() => MailSessionRevisionConnection, {
      description:
        'Committed changes to the settings, newest first, as a Relay connection (viewer or admin tokens). Page towards older revisions with first and after, towards newer ones with last and before.',
    })
    mailSessionHistory(
      @Args(() => MailSessionHistoryArgs) args: MailSessionHistoryArgs,
      @Info() info: GraphQLResolveInfo,
    ): Promise<MailSessionRevisionConnection> {
      const last = args.last ?? null;
      // first's SDL default gives way to a last the caller gave; a first the caller gave does not.
      const first = last === null || argumentGiven(info, 'first') ? (args.first ?? null) : null;
      return service.page({ first, after: args.after ?? null, last, before: args.before ?? null });
    }

    @Authorized('admin')
    @Mutation(() => RestoreMailSessionPayload, {
      description: 'Makes a new version equal to an earlier revision, passwords included, as updateMailSession would (admin tokens only)',
    })
    restoreMailSession(
      @Arg('input', () => RestoreMailSessionInput, { description: 'The revision to restore, and the version the caller expects the settings to be at' })
      input: RestoreMailSessionInput,
      @Ctx() context: RequestContext,
    ): Promise<RestoreMailSessionPayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.restore(input.version, input.expectedVersion, context.caller);
    }
  }
  return MailSessionHistoryResolver;
}
