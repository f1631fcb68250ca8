import type { NodeSource } from '../platform/graphql/node.js';
import type { OutboundMessageService } from './outbound-message.service.js';
import { OUTBOUND_MESSAGE_TYPE } from './outbound-message.view.js';

/** Query.node for OutboundMessage ids: a sender sees only its own messages (null for others'), an admin all. */
export function outboundMessageNodeSource(service: OutboundMessageService): NodeSource {
  return { typeName: OUTBOUND_MESSAGE_TYPE, roles: ['sender'], fetch: (localId, caller) => service.visible(localId, caller) };
}
