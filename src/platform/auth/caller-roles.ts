import { ROLES, type Role } from '../../config/auth-settings.js';

/** The roles of a caller, as authorization reads them. */
export interface HasRoles {
  readonly roles: readonly Role[];
}

/** The known roles among `names`, each once, in ROLES order (a stable cache key); unknown names are ignored. */
export function knownRoles(names: readonly string[]): Role[] {
  return ROLES.filter((role) => names.includes(role));
}

/** Whether `caller` may do what any of `roles` may: `admin` may do everything; no roles listed means any caller. */
export function mayActAs(caller: HasRoles, roles: readonly Role[]): boolean {
  return roles.length === 0 || caller.roles.includes('admin') || roles.some((role) => caller.roles.includes(role));
}
