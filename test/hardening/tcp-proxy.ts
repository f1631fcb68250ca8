/** A TCP proxy (node:net) between the app and PostgreSQL, which a test can cut and restore. */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** `url` with host and port replaced by the proxy's. */
  readonly url: string;
  /** Closes every connection now and refuses new ones until `restore`. */
  cut(): void;
  /** Cuts everything as soon as a client sends bytes containing `marker` (the bytes are not forwarded). */
  cutOn(marker: string): Promise<void>;
  restore(): void;
  readonly open: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const targetHost = target.hostname;
  const pairs = new Set<[Socket, Socket]>();
  let down = false;
  let trigger: { marker: string; fired: () => void } | undefined;

  const cutAll = () => {
    down = true;
    for (const [client, server] of pairs) {
      client.destroy();
      server.destroy();
    }
    pairs.clear();
  };

  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (trigger && chunk.includes(trigger.marker)) {
        const { fired } = trigger;
        trigger = undefined;
        cutAll();
        fired();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', drop);
    upstream.on('close', drop);
    client.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut: cutAll,
    cutOn: (marker) => new Promise<void>((resolve) => (trigger = { marker, fired: resolve })),
    restore: () => {
      down = false;
    },
    get open() {
      return pairs.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
