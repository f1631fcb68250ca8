import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import type { MailSessionHistoryService } from './mail-session-history.service.js';
import { MailSessionRevisionConnection } from './mail-session-history.type.js';
import { UpdateMailSessionPayload } from '../mail-settings/mail-session.type.js';

/** Builds the history resolver around a service instance (no global container). */
export function mailSessionHistoryResolver(service: MailSessionHistoryService) {
  @Resolver()
  class MailSessionHistoryResolver {
    @Authorized()
    @Query(() => MailSessionRevisionConnection, { description: 'Committed changes to the settings, newest first (any valid token)' })
    mailSessionHistory(
      @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20)' }) first: number | null,
      @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page' }) after: string | null,
    ): Promise<MailSessionRevisionConnection> {
      return service.page(first, after);
    }

    @Authorized('admin')
    @Mutation(() => UpdateMailSessionPayload, { description: 'Makes a new version equal to an earlier revision, passwords included (admin tokens only)' })
    restoreMailSession(
      @Arg('version', () => Int) version: number,
      @Arg('expectedVersion', () => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the settings are still at this version' })
      expectedVersion: number | null,
      @Ctx() context: RequestContext,
    ): Promise<UpdateMailSessionPayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.restore(version, expectedVersion, context.caller);
    }
  }
  return MailSessionHistoryResolver;
}
