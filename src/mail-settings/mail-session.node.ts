import { toGlobalId, type NodeSource } from '../platform/graphql/node.js';
import { SETTINGS_ID } from './mail-session.row.js';
import type { MailSession } from './mail-session.type.js';

/** The global id of the one MailSession: the same for every version, so a cache updates it in place. */
export const MAIL_SESSION_ID = toGlobalId('MailSession', SETTINGS_ID);

/** Query.node for MailSession ids: the settings as the `mailSession` query answers them. */
export function mailSessionNodeSource(settings: { get(): MailSession }): NodeSource {
  return { typeName: 'MailSession', roles: ['viewer'], fetch: (localId) => (localId === String(SETTINGS_ID) ? settings.get() : null) };
}
