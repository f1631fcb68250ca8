import { createContext, useContext } from 'react';
import type { CallerRole, MailSessionSource } from '../generated/graphql';

/**
 * What the signed-in caller may do on the page, from `viewer.roles` and `mailSession.source`:
 * a viewer reads only (no test, no send, no restore); managed settings (ENVIRONMENT or FILE) are
 * read-only for everyone, but an admin may still test the servers and send a test e-mail.
 */
export interface Access {
  /** Whether the settings may be changed here: saved, restored. */
  readonly canChange: boolean;
  /** Whether the connection test and the test e-mail are offered. */
  readonly canTest: boolean;
  /** Undefined until the service said who the caller is. */
  readonly roles: readonly CallerRole[] | undefined;
  readonly source: MailSessionSource | undefined;
}

export function accessOf(roles: readonly CallerRole[] | undefined, source: MailSessionSource | undefined): Access {
  const admin = roles?.includes('ADMIN') === true;
  return { canChange: admin && source === 'DATABASE', canTest: admin, roles, source };
}

/** Until the role is known nothing is offered: a viewer never sees a button flash and vanish. */
export const AccessContext = createContext<Access>(accessOf(undefined, undefined));

export function useAccess(): Access {
  return useContext(AccessContext);
}
