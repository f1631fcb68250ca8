import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import { Viewer } from './caller.type.js';

/** `Query.viewer`: who the token is and what it may do, read from the request (no service, no database). */
export function callerResolver() {
  @Resolver(() => Viewer)
  class CallerResolver {
    // Any role: every caller may learn what it may do.
    @Authorized('admin', 'viewer', 'sender', 'receiver')
    @Query(() => Viewer, { description: 'The caller of this request: its name and roles (any valid token)' })
    viewer(@Ctx() context: RequestContext): Viewer {
      if (!context.caller) throw new UnauthenticatedError();
      return { name: context.caller.name, roles: context.caller.roles };
    }
  }
  return CallerResolver;
}
