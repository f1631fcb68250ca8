import type { AuthChecker } from 'type-graphql';
import type { Role } from '../../config/auth-settings.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors.js';
import type { RequestContext } from '../graphql/context.js';
import { mayActAs } from './caller-roles.js';

/**
 * Backs every `@Authorized(...)`: no valid token → UNAUTHENTICATED; none of the roles listed →
 * FORBIDDEN. `admin` may do everything any other role may. Every operation names its roles (see
 * test/auth/operation-roles.test.ts): `@Authorized()` with none would let any caller in.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const { caller } = context;
  if (!caller) throw new UnauthenticatedError();
  if (mayActAs(caller, roles)) return true;
  throw new ForbiddenError(`This operation needs the ${roles.join(' or ')} role; token "${caller.name}" has ${caller.roles.join(', ')}`);
};
