import type { FastifyBaseLogger } from 'fastify';
import type { Caller } from '../auth/token-authenticator.js';

/** Per-request context handed to resolvers. */
export interface RequestContext {
  readonly requestId: string;
  /** Undefined when no valid token came with the request. */
  readonly caller: Caller | undefined;
  readonly log: FastifyBaseLogger;
}
