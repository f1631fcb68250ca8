import type { NodeSource } from '../platform/graphql/node.js';
import { isInboundLocalId, type InboundMessageService } from './inbound-message.service.js';
import { INBOUND_MESSAGE_TYPE } from './inbound-message.view.js';

/** Query.node for InboundMessage ids: receiver and admin tokens only, as inboundMessage. */
export function inboundMessageNodeSource(service: InboundMessageService): NodeSource {
  return {
    typeName: INBOUND_MESSAGE_TYPE,
    roles: ['receiver'],
    fetch: (localId) => (isInboundLocalId(localId) ? service.byLocalId(localId) : null),
  };
}
