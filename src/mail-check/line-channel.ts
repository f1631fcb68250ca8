import type { Socket } from 'node:net';
import { listenToSocket } from '../platform/network/socket-listeners.js';
import { PEER_LIMITS } from '../transport/peer-limits.js';
import { CheckFailure } from './check-step.js';

/**
 * CRLF-terminated lines over a socket, for the SMTP and POP3 dialogues. The socket can be handed
 * over for a TLS upgrade (`detach`) and the upgraded one attached in its place. What the peer
 * may send is bounded (`PEER_LIMITS`: octets per line and per connection; readers of a
 * multi-line reply count its lines with `replyLines`): past a bound the socket is destroyed and
 * every read fails with PROTOCOL_ERROR, so a hostile server cannot make the process buffer.
 */
export class LineChannel {
  private buffer = '';
  private lines: string[] = [];
  private received = 0;
  private waiter: { resolve: (line: string) => void; reject: (error: CheckFailure) => void } | undefined;
  private ended: CheckFailure | undefined;
  private detachFn: (() => void) | undefined;

  constructor(private socket: Socket) {
    this.attach(socket);
  }

  get current(): Socket {
    return this.socket;
  }

  attach(socket: Socket): void {
    this.socket = socket;
    this.ended = undefined;
    this.detachFn = listenToSocket(socket, {
      data: (chunk: Buffer) => this.onData(chunk),
      end: () => this.fail(new CheckFailure('CONNECTION_CLOSED', 'the server closed the connection')),
      error: () => this.fail(new CheckFailure('CONNECTION_CLOSED', 'the connection failed')),
    });
  }

  /**
   * Stops reading the socket so that TLS can take it over. Anything the server sent after its
   * answer to STARTTLS/STLS would have come in clear text where TLS was promised (an injection
   * attempt, CVE-2011-0411), so it is refused.
   */
  detach(): Socket {
    this.detachFn?.();
    this.detachFn = undefined;
    if (this.buffer.length > 0 || this.lines.length > 0) {
      throw new CheckFailure('PROTOCOL_ERROR', 'the server sent data after agreeing to start TLS, before the handshake; refusing the connection');
    }
    return this.socket;
  }

  write(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  readLine(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Drops the connection; a read waiting for a line fails at once with CONNECTION_CLOSED (with its listeners gone, the socket's close would never reach it). */
  close(): void {
    this.fail(new CheckFailure('CONNECTION_CLOSED', 'the connection was closed'), true);
    this.detachFn?.();
    this.socket.destroy();
  }

  /**
   * Counts the lines of one multi-line reply (`count` is how many were read so far): past
   * `PEER_LIMITS.linesPerReply` the connection is dropped and the reader gets the failure to throw.
   */
  replyLines(count: number): void {
    if (count <= PEER_LIMITS.linesPerReply) return;
    throw this.refuse(
      `the server sent more than ${PEER_LIMITS.linesPerReply} lines in one reply, which no mail server does; stopped reading and closed the connection`,
    );
  }

  /** Drops the connection and what was buffered; every read from now on fails with `message`. */
  private refuse(message: string): CheckFailure {
    const failure = new CheckFailure('PROTOCOL_ERROR', message);
    this.lines = [];
    this.buffer = '';
    this.ended = undefined;
    this.fail(failure, true);
    this.close();
    return failure;
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    this.received += chunk.length;
    if (this.received > PEER_LIMITS.connectionBytes) {
      this.refuse(
        `the server sent more than ${PEER_LIMITS.connectionBytes / 1024} KiB, far more than a connection test needs; stopped reading and closed the connection`,
      );
      return;
    }
    const text = this.buffer + chunk.toString('latin1');
    let start = 0;
    let index: number;
    while ((index = text.indexOf('\n', start)) >= 0) {
      const line = text.slice(start, text[index - 1] === '\r' ? index - 1 : index);
      start = index + 1;
      if (line.length > PEER_LIMITS.lineBytes) break;
      this.lines.push(line);
    }
    this.buffer = text.slice(start);
    if (index >= 0 || this.buffer.length > PEER_LIMITS.lineBytes) {
      this.refuse(`the server sent a line longer than ${PEER_LIMITS.lineBytes} octets, more than any mail protocol allows; is this the right port?`);
      return;
    }
    this.deliver();
  }

  private deliver(): void {
    const waiter = this.waiter;
    const line = this.lines[0];
    if (!waiter || line === undefined) return;
    this.lines.shift();
    this.waiter = undefined;
    waiter.resolve(line);
  }

  /** Ends reading; a waiting reader gets the failure once it has read the lines queued before it (unless `now`). */
  private fail(error: CheckFailure, now = false): void {
    this.ended ??= error;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter && (now || this.lines.length === 0)) waiter.reject(error);
  }
}
