/**
 * A TCP proxy in front of a mail server that can go silent: `freeze()` stops forwarding on every
 * connection open at that moment, in both directions, without closing anything (a NAT or firewall
 * that dropped the flow, a server host that hung). Connections opened later are forwarded as usual.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface FreezingProxy {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Resolves when the proxy has accepted `count` connections in all. */
  acceptedAtLeast(count: number): Promise<void>;
  freeze(): void;
  close(): Promise<void>;
}

export async function startFreezingProxy(targetPort: number): Promise<FreezingProxy> {
  const open = new Set<{ client: Socket; upstream: Socket }>();
  let accepted = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((client) => {
    accepted++;
    for (const waiter of waiters.filter((w) => accepted >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream };
    open.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    acceptedAtLeast(count) {
      if (accepted >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    freeze() {
      for (const { client, upstream } of open) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        // Whatever arrives from now on is read and dropped: nothing flows, nothing is closed.
        client.on('data', () => undefined);
        upstream.on('data', () => undefined);
      }
    },
    async close() {
      for (const { client, upstream } of open) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
