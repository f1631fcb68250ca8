import type { IncomingMessage } from 'node:http';
import websocket from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket } from 'ws';
import type { HttpLimits } from '../../config/http-settings.js';
import type { SubscriptionLimits } from '../../config/subscription-settings.js';
import type { Caller } from '../auth/token-authenticator.js';
import { DomainError, ErrorCode, UnauthenticatedError } from '../errors/domain-errors.js';
import { errorFormatter, isClientSafe } from './error-formatting.js';
import type { Authenticate } from './request-admission.js';
import type { SubscriptionContext } from './subscription-context.js';
import { subscriptionDocuments } from './subscription-documents.js';
import { SubscriptionSlots } from './subscription-slots.js';

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  authenticate: Authenticate;
  limits: SubscriptionLimits;
  httpLimits: HttpLimits;
}

export interface SubscriptionServer {
  /** Subscription sockets open (or being opened) now. */
  readonly open: number;
  /** Refuses new sockets, closes the open ones with 1001 "Going away" and waits for them (at most `closeTimeoutMs`). */
  close(): Promise<void>;
}

/** A socket admitted by the upgrade route, as graphql-ws's callbacks see it (by its HTTP request). */
interface Connection {
  readonly address: string;
  readonly requestId: string;
  readonly log: FastifyBaseLogger;
  caller?: Caller;
}

/** Close codes of the graphql-transport-ws protocol's family that graphql-ws itself does not define. */
const TOO_MANY_REQUESTS = 4429;
const TRY_AGAIN_LATER = 1013;
const GOING_AWAY = 1001;

function refuse(reply: FastifyReply, status: 429 | 503, message: string, request: FastifyRequest): FastifyReply {
  const code = status === 429 ? ErrorCode.RATE_LIMITED : ErrorCode.UNAVAILABLE;
  return reply
    .code(status)
    .header('retry-after', '5')
    .send({ errors: [{ message, extensions: { code, requestId: request.id } }] });
}

/** The token a client put in its connection_init payload: `authorization` as in an HTTP header. */
function authorizationOf(connectionParams: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = connectionParams?.authorization ?? connectionParams?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws, subprotocol `graphql-transport-ws`) at
 * `/graphql`: an upgrade request there goes to a route of its own (a route constraint on the
 * Upgrade header), every other request to Apollo Server's route. A socket is refused before the
 * upgrade past the connection caps, and closed in graphql-ws's `onConnect` without a valid token in
 * `connectionParams.authorization` (4401; 4429 while its address is locked out), before anything
 * about the schema is sent. Register before Apollo Server's route.
 */
export async function registerSubscriptionServer(http: FastifyInstance, options: SubscriptionServerOptions): Promise<SubscriptionServer> {
  const { limits, httpLimits } = options;
  const slots = new SubscriptionSlots(limits);
  const connections = new WeakMap<IncomingMessage, Connection>();
  let closing = false;

  await http.register(websocket, {
    // One message holds one operation: no larger than an HTTP request's body may be.
    options: { maxPayload: httpLimits.bodyLimitBytes, perMessageDeflate: false },
    // Sockets are closed by close() below, with 1001, before Fastify closes.
    preClose: (done) => done(),
  });
  http.addConstraintStrategy({
    name: 'upgrade',
    storage() {
      const handlers = new Map<string, unknown>();
      return { get: (value: string) => handlers.get(value) ?? null, set: (value: string, handler: unknown) => void handlers.set(value, handler) };
    },
    deriveConstraint: (request: IncomingMessage) => (request.headers.upgrade?.toLowerCase() === 'websocket' ? 'websocket' : undefined),
    // An upgrade request matches only a WebSocket route: elsewhere it is a 404, not an HTTP answer.
    mustMatchWhenDerived: true,
  } as Parameters<FastifyInstance['addConstraintStrategy']>[0]);

  const wss = http.websocketServer;
  const admit = async (request: FastifyRequest, reply: FastifyReply) => {
    if (closing) return refuse(reply, 503, 'The service is shutting down; reconnect shortly', request);
    const slot = slots.claim(request.ip);
    if (slot === 'instance full') return refuse(reply, 503, 'Too many subscription connections on this instance; try again later', request);
    if (slot === 'address full') return refuse(reply, 429, 'Too many subscription connections from this address', request);
    // The TCP socket closes however the upgrade or the WebSocket ends.
    request.raw.socket.once('close', slot.release);
    connections.set(request.raw, { address: request.ip, requestId: request.id, log: request.log });
  };
  http.get('/graphql', { websocket: true, constraints: { upgrade: 'websocket' }, preHandler: admit }, () => {
    // graphql-ws took the socket on the server's 'connection' event (useServer below).
  });

  const documents = subscriptionDocuments(options.schema, httpLimits);
  const formatError = errorFormatter({ hideSchemaDetails: httpLimits.hideSchemaDetails });
  const drop = (socket: WebSocket, connection: Connection | undefined, why: string) => {
    connection?.log.warn({ bufferedAmount: socket.bufferedAmount }, `subscription socket dropped: ${why}`);
    socket.terminate();
  };
  const requestIdOf = (request: IncomingMessage, id: string) => `${connections.get(request)?.requestId ?? 'unknown'}:${id}`;
  // As over HTTP: masked unless safe to show (the original logged), with the id to quote (the upgrade request's and the operation's).
  const format = (error: GraphQLError, request: IncomingMessage, id: string): GraphQLFormattedError => {
    const requestId = requestIdOf(request, id);
    if (!isClientSafe(error))
      connections.get(request)?.log.error({ err: unwrapResolverError(error), path: error.path, requestId }, 'unexpected error, masked for the client');
    const formatted = formatError(error.toJSON(), error);
    return { ...formatted, extensions: { ...formatted.extensions, requestId } };
  };

  // A socket that no route admitted (none should reach here) gets nothing.
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    if (!connections.has(request)) socket.terminate();
  });
  useServer<Record<string, unknown>, { socket: WebSocket; request: IncomingMessage }>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: limits.initTimeoutMs,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const connection = connections.get(request);
        if (!connection) return false;
        let caller: Caller | undefined;
        try {
          caller = await options.authenticate(authorizationOf(ctx.connectionParams), connection.address);
        } catch (error) {
          const rateLimited = error instanceof DomainError && error.extensions.code === ErrorCode.RATE_LIMITED;
          socket.close(rateLimited ? TOO_MANY_REQUESTS : TRY_AGAIN_LATER, rateLimited ? 'Too many failed authentication attempts' : 'Try again later');
          return false;
        }
        if (!caller) {
          socket.close(CloseCode.Unauthorized, 'Unauthorized');
          return false;
        }
        connection.caller = caller;
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const { socket, request } = ctx.extra;
        const connection = connections.get(request);
        if (!connection?.caller) return [new UnauthenticatedError()];
        // graphql-ws has already entered this one: each open subscription holds a send and its pending events.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection)
          return [new GraphQLError('Too many subscriptions on this connection', { extensions: { code: ErrorCode.BAD_REQUEST } })];
        const operation = documents(payload);
        if (Array.isArray(operation)) return operation;
        const contextValue: SubscriptionContext = {
          requestId: requestIdOf(request, id),
          caller: connection.caller,
          log: connection.log,
          dropSlowConsumer: () => drop(socket, connection, 'its consumer fell behind'),
        };
        return { ...operation, contextValue };
      },
      onNext: (ctx, id, _payload, _args, result) => {
        const { socket, request } = ctx.extra;
        if (socket.bufferedAmount > limits.maxBufferedBytes) drop(socket, connections.get(request), 'too much data waiting to be sent');
        if (result.errors) return { ...result, errors: result.errors.map((error) => format(error, request, id)) };
      },
      onError: (ctx, id, _payload, errors) => errors.map((error) => format(error, ctx.extra.request, id)),
    },
    wss,
    limits.keepAliveMs,
  );

  return {
    get open() {
      return slots.open;
    },
    async close() {
      closing = true;
      const sockets = [...wss.clients];
      const closed = sockets.map(
        (socket) => new Promise<void>((resolve) => (socket.readyState === socket.CLOSED ? resolve() : socket.once('close', () => resolve()))),
      );
      for (const socket of sockets) socket.close(GOING_AWAY, 'Going away');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limits.closeTimeoutMs);
      });
      await Promise.race([Promise.all(closed), timeout]);
      clearTimeout(timer);
      // A peer that did not answer the close frame in time.
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
