import { createServer, type Server } from 'node:net';

function listenOnAnyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port');
  return port;
}

/**
 * `count` distinct TCP ports on 127.0.0.1 that were free a moment ago. All are held open until
 * every one is picked: ports asked for one after another can repeat once the first is closed.
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: { server: Server; port: number }[] = [];
  try {
    for (let i = 0; i < count; i++) held.push(await listenOnAnyPort());
    return held.map((entry) => entry.port);
  } finally {
    await Promise.all(held.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * Runs `start` (a peer that binds ports from `freePorts`) until it succeeds. A port free a moment
 * ago can be taken before the peer listens on it (another test's connection is given it as its
 * local port): when `start` fails with "Address already in use" in its error's message, `repick`
 * chooses other ports and it runs again, up to five times in all; any other failure is thrown.
 */
export async function startOnFreePorts(start: () => Promise<void>, repick: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      return;
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error) || !error.message.includes('Address already in use')) throw error;
      await repick();
    }
  }
}
