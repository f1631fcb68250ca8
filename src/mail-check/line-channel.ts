import type { Socket } from 'node:net';
import { CheckFailure } from './check-step.js';

const MAX_LINE = 8192;

/**
 * CRLF-terminated lines over a socket, for the SMTP and POP3 dialogues. The socket can be handed
 * over for a TLS upgrade (`detach`) and the upgraded one attached in its place.
 */
export class LineChannel {
  private buffer = '';
  private readonly lines: string[] = [];
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
    const onData = (chunk: Buffer) => this.onData(chunk.toString('latin1'));
    const onEnd = () => this.fail(new CheckFailure('CONNECTION_CLOSED', 'the server closed the connection'));
    const onError = () => this.fail(new CheckFailure('CONNECTION_CLOSED', 'the connection failed'));
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    this.detachFn = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
    };
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

  close(): void {
    this.detachFn?.();
    this.socket.destroy();
  }

  private onData(text: string): void {
    this.buffer += text;
    let index: number;
    while ((index = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, index).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(index + 1);
    }
    if (this.buffer.length > MAX_LINE) {
      this.fail(new CheckFailure('PROTOCOL_ERROR', 'the server sent a line longer than any mail protocol allows; is this the right port?'));
      this.socket.destroy();
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

  private fail(error: CheckFailure): void {
    this.ended ??= error;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter && this.lines.length === 0) waiter.reject(error);
  }
}
