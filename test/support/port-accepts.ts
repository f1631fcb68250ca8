import { connect } from 'node:net';

/** Whether something accepts TCP connections on `port` of 127.0.0.1 now (the connection is closed at once). */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
