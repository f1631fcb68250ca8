import type { AuthChecker } from 'type-graphql';
import type { Role } from '../../config/auth-settings.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors.js';
import type { RequestContext } from '../graphql/context.js';
import type { Caller } from './token-authenticator.js';

/**
 * No caller → UNAUTHENTICATED; a caller without one of `roles` → FORBIDDEN. No roles: any valid
 * token. `admin` may do everything.
 */
export function assertRole(caller: Caller | undefined, roles: readonly Role[]): void {
  if (!caller) throw new UnauthenticatedError();
  if (roles.length === 0 || caller.role === 'admin' || roles.includes(caller.role)) return;
  throw new ForbiddenError(`This operation needs the ${roles.join(' or ')} role; token "${caller.name}" is a ${caller.role}`);
}

/**
 * Backs every `@Authorized(...)`: no valid token → UNAUTHENTICATED; a role the token lacks →
 * FORBIDDEN. `admin` may do everything a `viewer` may.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  assertRole(context.caller, roles);
  return true;
};
