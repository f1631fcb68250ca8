import type { Socket } from 'node:net';

/** What a line reader does with its socket's events; the socket's 'end' and 'close' both call `end`. */
export interface SocketListeners {
  readonly data: (chunk: Buffer) => void;
  readonly end: () => void;
  readonly error: (error: Error) => void;
}

/**
 * Listens to `socket` with `listeners` and returns the function that removes them again (to hand
 * the socket over for a TLS upgrade, or to close it without its own events reaching the reader).
 */
export function listenToSocket(socket: Socket, listeners: SocketListeners): () => void {
  const { data, end, error } = listeners;
  socket.on('data', data);
  socket.on('end', end);
  socket.on('close', end);
  socket.on('error', error);
  return () => {
    socket.off('data', data);
    socket.off('end', end);
    socket.off('close', end);
    socket.off('error', error);
  };
}
