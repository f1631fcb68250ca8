/** The inbound message operations the tests send (not a test file itself). */

export const MESSAGE_FIELDS = `id status mailbox messageId from { name address } to cc subject date size headers { name value } text html
  attachments { filename contentType size contentId } unparseable refusedReason receivedAt acknowledgedAt acknowledgedBy rawDeletedAt`;

export const INBOUND_MESSAGES = `query Inbound($status: InboundMessageStatus, $first: Int, $after: String, $last: Int, $before: String) {
  inboundMessages(status: $status, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id subject status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

export const INBOUND_MESSAGE = `query One($id: ID!) { inboundMessage(id: $id) { ${MESSAGE_FIELDS} } }`;

export const INBOUND_RAW = `query Raw($id: ID!) { inboundMessage(id: $id) { id raw rawDeletedAt } }`;

export const NODE = `query Node($id: ID!) { node(id: $id) { id ... on InboundMessage { subject } } }`;

export const ACKNOWLEDGE = `mutation Ack($input: AcknowledgeInboundMessageInput!) {
  acknowledgeInboundMessage(input: $input) { acknowledgedNow inboundMessage { id status acknowledgedAt acknowledgedBy } }
}`;

export interface PageResult {
  inboundMessages: {
    edges: { cursor: string; node: { id: string; subject: string | null; status: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    totalCount: number;
  };
}

export interface AcknowledgeResult {
  acknowledgeInboundMessage: {
    acknowledgedNow: boolean;
    inboundMessage: { id: string; status: string; acknowledgedAt: string | null; acknowledgedBy: string | null };
  };
}
