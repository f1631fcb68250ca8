import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface DataWatcher {
  readonly port: number;
  /** Messages in DATA now (begun, their `.` not received, or received and not answered yet), and the most there were at once. */
  readonly state: { open: number; mostOpen: number; taken: string[]; closedConnections: number };
  close(): Promise<void>;
}

/**
 * A real SMTP server (`smtp-server`) that tells apart the messages in DATA from those it took (the
 * `.` received and answered 250), each known by `key` of its text (default: its Message-ID). With
 * `answerAfterMs`, each `.` is answered that much later (messages stay in DATA meanwhile).
 */
export async function startDataWatcher(options: { key?: RegExp; answerAfterMs?: number } = {}): Promise<DataWatcher> {
  const key = options.key ?? /^Message-ID: (.*)$/im;
  const state = { open: 0, mostOpen: 0, taken: [] as string[], closedConnections: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      state.open++;
      state.mostOpen = Math.max(state.mostOpen, state.open);
      const chunks: Buffer[] = [];
      let ended = false;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      // smtp-server ends the stream at the `.`; a connection closed before destroys it instead.
      stream.on('end', () => {
        ended = true;
        const answer = () => {
          state.open--;
          state.taken.push(key.exec(Buffer.concat(chunks).toString('utf8'))?.[1]?.trim() ?? '');
          callback();
        };
        if (options.answerAfterMs) setTimeout(answer, options.answerAfterMs).unref();
        else answer();
      });
      stream.on('error', () => undefined);
      stream.on('close', () => {
        if (!ended) state.open--;
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.server.on('connection', (socket) => socket.on('close', () => state.closedConnections++));
  return { state, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
