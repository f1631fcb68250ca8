import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { listenToSocket } from '../platform/network/socket-listeners.js';

/** A POP3 status line: `+OK ...` or `-ERR ...`. */
export interface Pop3Status {
  ok: boolean;
  text: string;
}

/** The server broke the protocol or the connection; the session cannot go on. */
export class Pop3SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pop3SessionError';
  }
}

/** Longest status or listing line accepted: far above what servers send. */
const MAX_LINE_BYTES = 64 * 1024;
const CRLF_DOT_CRLF = Buffer.from('\r\n.\r\n');
const EMPTY_BODY = Buffer.from('.\r\n');

/**
 * The reading side of POP3 (RFC 1939 UIDL, LIST, RETR, TOP, DELE, QUIT), binary-safe: a message
 * comes back as the octets the server sent, dot-unstuffed. The connection test's `Pop3Client`
 * (src/mail-check) reads lines as text with a test's small byte budget; this one reads mail, so
 * its bounds are per message (`maxBytes`) and per line. Every read fails once the connection
 * ends, and `timeoutMs` bounds each answer.
 */
export class Pop3Session {
  /** Received octets not yet consumed: `store[0, length)`, grown by doubling so a large message is copied a few times, not once per chunk. */
  private store = Buffer.alloc(64 * 1024);
  private length = 0;
  /** How far `take` already searched without finding an end. */
  private scanned = 0;
  private waiter: (() => void) | undefined;
  private ended: Error | undefined;
  private detachFn: (() => void) | undefined;

  constructor(
    private socket: Socket,
    private readonly timeoutMs: number,
  ) {
    this.attach(socket);
  }

  /** The greeting, after connecting. */
  greeting(): Promise<Pop3Status> {
    return this.status();
  }

  async command(line: string): Promise<Pop3Status> {
    this.write(line);
    return this.status();
  }

  /** CAPA; an empty list when the server does not know it. */
  async capabilities(): Promise<string[]> {
    if (!(await this.command('CAPA')).ok) return [];
    return (await this.multiline(MAX_LINE_BYTES * 16)).toString('latin1').split('\r\n').filter(Boolean);
  }

  /** STLS, then TLS on the same socket through `secure`; the server's refusal otherwise. */
  async startTls(secure: (plain: Socket) => { secure: TLSSocket; ready: Promise<TLSSocket> }): Promise<Pop3Status> {
    const reply = await this.command('STLS');
    if (!reply.ok) return reply;
    if (this.length > 0) throw new Pop3SessionError('the server sent data after agreeing to start TLS, before the handshake');
    this.detachFn?.();
    const { secure: tls, ready } = secure(this.socket);
    this.attach(tls);
    await this.within(ready, 'the TLS handshake');
    return reply;
  }

  /** `AUTH XOAUTH2` with its initial response on the next line (Exchange's form); a `+` error challenge is answered empty. */
  async xoauth2(initialResponse: string): Promise<Pop3Status> {
    this.write('AUTH XOAUTH2');
    let line = await this.line();
    if (line.startsWith('+') && !line.startsWith('+OK')) {
      this.write(initialResponse);
      line = await this.line();
      if (line.startsWith('+') && !line.startsWith('+OK')) {
        this.write('');
        return this.status();
      }
    }
    return this.statusOf(line);
  }

  /** UIDL: message number to unique id. */
  async uidl(): Promise<Map<number, string>> {
    return this.listing('UIDL', (rest) => rest);
  }

  /** LIST: message number to size in octets. */
  async list(): Promise<Map<number, number>> {
    return this.listing('LIST', (rest) => Number(rest));
  }

  /** RETR: the whole message; fails past `maxBytes` (a server that understated the size). */
  async retrieve(number: number, maxBytes: number): Promise<Buffer> {
    const reply = await this.command(`RETR ${number}`);
    if (!reply.ok) throw new Pop3SessionError(`RETR ${number} was refused: ${reply.text}`);
    return this.multiline(maxBytes);
  }

  /** TOP n 0: the header section of message `number`. */
  async header(number: number, maxBytes: number): Promise<Buffer> {
    const reply = await this.command(`TOP ${number} 0`);
    if (!reply.ok) throw new Pop3SessionError(`TOP ${number} 0 was refused: ${reply.text}`);
    return this.multiline(maxBytes);
  }

  async delete(number: number): Promise<void> {
    const reply = await this.command(`DELE ${number}`);
    if (!reply.ok) throw new Pop3SessionError(`DELE ${number} was refused: ${reply.text}`);
  }

  /** QUIT, awaited: the server removes the messages marked with DELE only when QUIT is answered (UPDATE state). */
  async quit(): Promise<void> {
    const reply = await this.command('QUIT');
    this.close();
    if (!reply.ok) throw new Pop3SessionError(`QUIT was refused: ${reply.text}`);
  }

  /** Ends the session: the socket is destroyed and a read under way (or any later one) fails at once. */
  close(): void {
    this.detachFn?.();
    this.socket.destroy();
    // Detached, the socket's 'close' no longer reaches `fail`: a read waiting for an answer
    // (a reader stopped mid-command) would otherwise wait out its whole deadline.
    this.fail(new Pop3SessionError('the session was closed'));
  }

  private write(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    const onData = (chunk: Buffer) => {
      if (this.length + chunk.length > this.store.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.store.length * 2, this.length + chunk.length));
        this.store.copy(grown, 0, 0, this.length);
        this.store = grown;
      }
      chunk.copy(this.store, this.length);
      this.length += chunk.length;
      this.wake();
    };
    this.detachFn = listenToSocket(socket, {
      data: onData,
      end: () => this.fail(new Pop3SessionError('the server closed the connection')),
      error: (error: Error) => this.fail(new Pop3SessionError(`the connection failed: ${error.message}`)),
    });
  }

  private fail(error: Error): void {
    this.ended ??= error;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private async within<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            this.close();
            reject(new Pop3SessionError(`no answer to ${what} within ${this.timeoutMs} ms`));
          }, this.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits until `find` locates an end in the received octets (searching from `from`, so each
   * octet is searched about once); returns a copy of the octets up to it and consumes through it.
   */
  private async take(find: (data: Buffer, from: number) => { end: number; next: number } | undefined, limit: number, what: string): Promise<Buffer> {
    this.scanned = 0;
    const wait = async (): Promise<Buffer> => {
      for (;;) {
        const data = this.store.subarray(0, this.length);
        const found = find(data, Math.max(0, this.scanned - 8));
        if (found) {
          const taken = Buffer.from(data.subarray(0, found.end));
          this.store.copy(this.store, 0, found.next, this.length);
          this.length -= found.next;
          return taken;
        }
        this.scanned = this.length;
        if (this.length > limit) {
          this.close();
          throw new Pop3SessionError(`the server sent more than ${limit} octets for ${what}`);
        }
        if (this.ended) throw this.ended;
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    };
    return this.within(wait(), what);
  }

  private async line(): Promise<string> {
    const data = await this.take(
      (buffer, from) => {
        const index = buffer.indexOf(10, from);
        return index < 0 ? undefined : { end: index > 0 && buffer[index - 1] === 13 ? index - 1 : index, next: index + 1 };
      },
      MAX_LINE_BYTES,
      'a status line',
    );
    return data.toString('latin1');
  }

  private statusOf(line: string): Pop3Status {
    if (line.startsWith('+OK')) return { ok: true, text: line.slice(3).trim() };
    if (line.startsWith('-ERR')) return { ok: false, text: line.slice(4).trim() };
    throw new Pop3SessionError('the server answered outside POP3');
  }

  private async status(): Promise<Pop3Status> {
    return this.statusOf(await this.line());
  }

  /** A multi-line body up to its `.` line, dot-unstuffed, with CRLF line ends. */
  private async multiline(maxBytes: number): Promise<Buffer> {
    // The body ends at CRLF.CRLF, or at once when it is empty (the `.` line comes first).
    const body = await this.take(
      (buffer, from) => {
        if (buffer.subarray(0, 3).equals(EMPTY_BODY)) return { end: 0, next: 3 };
        const index = buffer.indexOf(CRLF_DOT_CRLF, from);
        return index < 0 ? undefined : { end: index + 2, next: index + 5 };
      },
      maxBytes + 64 * 1024,
      'a message',
    );
    return unstuff(body);
  }

  private async listing<T>(command: 'UIDL' | 'LIST', value: (rest: string) => T): Promise<Map<number, T>> {
    const reply = await this.command(command);
    if (!reply.ok) throw new Pop3SessionError(`${command} was refused: ${reply.text}`);
    const entries = new Map<number, T>();
    for (const line of (await this.multiline(MAX_LINE_BYTES * 1024)).toString('latin1').split('\r\n')) {
      const match = /^(\d+)\s+(\S+)/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) entries.set(Number(match[1]), value(match[2]));
    }
    return entries;
  }
}

/** Removes the stuffed dot of lines that start with `..` (RFC 1939 3). */
function unstuff(body: Buffer): Buffer {
  if (body.indexOf('\n..') < 0 && !(body[0] === 46 && body[1] === 46)) return body;
  const parts: Buffer[] = [];
  let start = 0;
  if (body[0] === 46 && body[1] === 46) start = 1;
  let index: number;
  while ((index = body.indexOf('\n..', start)) >= 0) {
    parts.push(body.subarray(start, index + 1));
    start = index + 2;
  }
  parts.push(body.subarray(start));
  return Buffer.concat(parts);
}
