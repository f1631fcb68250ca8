import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMessage {
  messageId: string | undefined;
  /** The EHLO/HELO name the client gave in the session that delivered this message. */
  ehloName: string;
  mailFrom: string | undefined;
  rcptTo: string[];
  user: string | undefined;
  headers: string;
  raw: string;
}

export interface SmtpPeer {
  readonly port: number;
  readonly received: ReceivedMessage[];
  /** Resolves once `count` messages have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /**
   * Ends every open client connection and resolves once each socket is closed on both sides (the
   * client saw the end), so a pooling client opens, and signs in on, a new one for its next send.
   */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpPeerOptions {
  /** Delay before accepting each message's data, to keep messages in flight. */
  dataDelayMs?: () => number;
  /** Credentials the server accepts; none means authentication is optional and anything goes. */
  credentials?: { user: string; pass: string };
  server?: Partial<SMTPServerOptions>;
}

/** A real SMTP server (the `smtp-server` package) on a free loopback port, recording what it receives. */
export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const received: ReceivedMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: options.credentials === undefined,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (expected && auth.username === expected.user && auth.password === expected.pass) {
        callback(null, { user: auth.username });
        return;
      }
      if (!expected) {
        callback(null, { user: auth.username });
        return;
      }
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.split(/\r?\n\r?\n/)[0] ?? '';
        const messageId = /^Message-ID:\s*(.+)$/im.exec(headers)?.[1]?.trim();
        const finish = () => {
          received.push({
            messageId,
            ehloName: session.hostNameAppearsAs,
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : undefined,
            headers,
            raw,
          });
          for (const waiter of waiters.filter((w) => received.length >= w.count)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
          callback();
        };
        const delay = options.dataDelayMs?.() ?? 0;
        // unref: a peer closed with a delayed message pending must not keep the test process alive.
        if (delay > 0) setTimeout(finish, delay).unref();
        else finish();
      });
    },
    ...options.server,
  });
  // A client that drops the connection mid-handshake (a rejected certificate) is an 'error' event; unheard, it fails the test file.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} messages arrived`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async dropConnections() {
      // smtp-server keeps its connections in `connections`; each has the client's socket.
      const open = [...(server as unknown as { connections: Set<{ _socket: Socket; close(): void }> }).connections];
      await Promise.all(
        open.map((connection) => {
          const closed = connection._socket.destroyed ? Promise.resolve() : once(connection._socket, 'close').then(() => undefined);
          connection.close();
          return closed;
        }),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
