import type { NodeSource } from '../platform/graphql/node.js';
import type { MailSessionHistoryService } from './mail-session-history.service.js';

/** Query.node for MailSessionRevision ids (their local id is the version). */
export function mailSessionRevisionNodeSource(service: MailSessionHistoryService): NodeSource {
  return {
    typeName: 'MailSessionRevision',
    roles: ['viewer'],
    fetch: (localId) => (/^[1-9]\d{0,8}$/.test(localId) ? service.revision(Number(localId)) : null),
  };
}
