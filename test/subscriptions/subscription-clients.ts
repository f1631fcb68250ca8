/** graphql-ws clients and raw sockets for the subscription tests (not a test file itself). */
import { createClient, type Client } from 'graphql-ws';
import { VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import WebSocket from 'ws';

/** A query text that names the shape of its result, for `subscribe` to infer. */
export type Operation<T> = string & { readonly __result?: T };

export const MAIL_SESSION_CHANGED: Operation<ChangedEvent> = `subscription Changed {
  mailSessionChanged { version outgoing { host } transports { outgoing { state appliedVersion } } }
}`;

export const UPDATE_HOST = `mutation($input: UpdateMailSessionInput!) {
  updateMailSession(input: $input) { mailSession { version } }
}`;

export interface ChangedEvent {
  mailSessionChanged: { version: number; outgoing: { host: string | null }; transports: { outgoing: { state: string; appliedVersion: number } } };
}

export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** A graphql-ws client that does not retry, so a refusal is seen as it is. */
export function wsClient(url: string, token: string | undefined): Client {
  return createClient({
    url: wsUrl(url),
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

/** The events of one subscription, awaited one by one. */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: ((item: T) => void)[] = [];
  error: unknown;
  completed = false;

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  /** The next event; fails after `timeoutMs`. */
  next(timeoutMs = 5_000): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(done), 1);
        reject(new Error(`no event within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (value: T) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(done);
    });
  }

  get size(): number {
    return this.items.length;
  }
}

/** What a subscription sends: a result, or (pushed by `subscribe`) the error that ended it. */
export interface Received<T> {
  data?: T | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Subscribes `client` to `query`; the server may still be setting the subscription up when this returns. */
export function subscribe<T>(client: Client, query: Operation<T>): { events: EventQueue<Received<T>>; dispose: () => void } {
  const events = new EventQueue<Received<T>>();
  const dispose = client.subscribe<T>(
    { query },
    {
      next: (value) => events.push(value),
      error: (error) => {
        events.error = error;
        events.push({ errors: [{ message: error instanceof Error ? error.message : JSON.stringify(error) }] });
      },
      complete: () => {
        events.completed = true;
      },
    },
  );
  return { events, dispose };
}

/** A raw WebSocket on the graphql-transport-ws subprotocol, its messages and its close. */
export interface RawSocket {
  socket: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: object): void;
}

export async function openRaw(url: string, localAddress?: string): Promise<RawSocket> {
  const socket = new WebSocket(wsUrl(url), 'graphql-transport-ws', localAddress === undefined ? {} : { localAddress });
  const messages: unknown[] = [];
  socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, closed, send: (message) => socket.send(JSON.stringify(message)) };
}

/** The HTTP status a refused upgrade got. */
export function upgradeRefusal(url: string, localAddress?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(url), 'graphql-transport-ws', localAddress === undefined ? {} : { localAddress });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => undefined);
  });
}

/** A raw socket past connection_init with a token, its ack received. */
export async function acknowledged(url: string, token = VIEWER_TOKEN, localAddress?: string): Promise<RawSocket> {
  const raw = await openRaw(url, localAddress);
  raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await waitUntil('the connection was acknowledged', () => raw.messages.length > 0);
  expect(raw.messages[0]).toEqual({ type: 'connection_ack' });
  return raw;
}
