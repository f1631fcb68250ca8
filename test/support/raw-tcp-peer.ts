import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface RawTcpPeer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Destroys every accepted connection and stops listening. */
  close(): Promise<void>;
}

/**
 * A TCP server on a free loopback port that speaks no protocol of its own: `onConnection` decides
 * what each accepted socket gets (a foreign greeting, a hang-up, or, by default, silence).
 */
export async function startRawTcpPeer(onConnection: (socket: Socket) => void = () => undefined): Promise<RawTcpPeer> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() {
      return sockets.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
