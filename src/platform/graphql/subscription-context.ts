import { DomainError, ErrorCode } from '../errors/domain-errors.js';
import type { RequestContext } from './context.js';

/** The context of an operation on a subscription socket: a request's, and a way to drop the socket. */
export interface SubscriptionContext extends RequestContext {
  /** Cuts the socket off: its consumer fell too far behind. */
  readonly dropSlowConsumer: () => void;
}

/** Whether `context` came from a subscription socket (an operation over HTTP has no socket to drop). */
export function isSubscriptionContext(context: RequestContext): context is SubscriptionContext {
  return typeof (context as Partial<SubscriptionContext>).dropSlowConsumer === 'function';
}

/** A subscription sent over HTTP, which serves queries and mutations only. */
export class SubscriptionOverHttpError extends DomainError {
  constructor() {
    super('Subscriptions are served over WebSocket (graphql-ws, subprotocol graphql-transport-ws) at /graphql', ErrorCode.BAD_REQUEST);
  }
}
