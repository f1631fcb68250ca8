import type { Socket } from 'node:net';
import { CheckFailure } from './check-step.js';
import { LineChannel } from './line-channel.js';
import { foreignPeer } from './server-text.js';

/** A status line: `+OK ...` or `-ERR ...`. */
export interface Pop3Reply {
  ok: boolean;
  text: string;
}

/**
 * The few POP3 commands (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS) a connection test needs:
 * nothing that reads, marks or deletes a message (no RETR, TOP, DELE). QUIT after no DELE
 * removes nothing.
 */
export class Pop3Client {
  private readonly channel: LineChannel;

  /** `text` makes the server's text fit for a report (masked, bounded): `StepRecorder.serverText`. */
  constructor(
    socket: Socket,
    private readonly text: (serverText: string) => string,
  ) {
    this.channel = new LineChannel(socket);
  }

  /** A status line; a peer that does not answer in POP3 is classified, never quoted. */
  async reply(): Promise<Pop3Reply> {
    const line = await this.channel.readLine();
    if (line.startsWith('+OK')) return { ok: true, text: this.text(line.slice(3)) };
    if (line.startsWith('-ERR')) return { ok: false, text: this.text(line.slice(4)) };
    throw new CheckFailure(
      'PROTOCOL_ERROR',
      `the server does not speak POP3: its answer is not a POP3 status line (${foreignPeer(line)}); is this a POP3 port?`,
    );
  }

  async command(line: string): Promise<Pop3Reply> {
    this.channel.write(line);
    return this.reply();
  }

  /** CAPA: the capabilities, or an empty list when the server does not know the command. */
  async capabilities(): Promise<string[]> {
    const reply = await this.command('CAPA');
    if (!reply.ok) return [];
    const lines: string[] = [];
    for (;;) {
      const line = await this.channel.readLine();
      if (line === '.') return lines;
      lines.push(this.text(line.startsWith('..') ? line.slice(1) : line));
      this.channel.replyLines(lines.length);
    }
  }

  /** STLS; hands the socket over to TLS and continues on the socket `secure` returns. */
  async startTls(secure: (socket: Socket) => Promise<Socket>): Promise<Pop3Reply> {
    const reply = await this.command('STLS');
    if (!reply.ok) return reply;
    this.channel.attach(await secure(this.channel.detach()));
    return reply;
  }

  /** USER and PASS; the reply to whichever was refused, or to PASS. */
  async login(user: string, pass: string): Promise<Pop3Reply> {
    const first = await this.command(`USER ${user}`);
    if (!first.ok) return first;
    return this.command(`PASS ${pass}`);
  }

  /**
   * `AUTH XOAUTH2` in the two-step form Exchange wants: the command, a `+` continuation, the
   * base64 string. A refusal may come as a `+` with a base64 JSON error, answered with an empty
   * line; `challenge` is that error's base64 text, when there was one.
   */
  async xoauth2(initialResponse: string): Promise<Pop3Reply & { challenge?: string }> {
    this.channel.write('AUTH XOAUTH2');
    const go = await this.channel.readLine();
    // A continuation is `+` or `+ <base64>`; `+OK`/`-ERR` are status lines.
    const continuation = (line: string) => line.startsWith('+') && !line.startsWith('+OK');
    if (!continuation(go)) return this.statusOf(go);
    this.channel.write(initialResponse);
    const answer = await this.channel.readLine();
    if (!continuation(answer)) return this.statusOf(answer);
    this.channel.write('');
    return { ...(await this.reply()), challenge: answer.slice(1).trim() };
  }

  private statusOf(line: string): Pop3Reply {
    if (line.startsWith('+OK')) return { ok: true, text: this.text(line.slice(3)) };
    if (line.startsWith('-ERR')) return { ok: false, text: this.text(line.slice(4)) };
    throw new CheckFailure('PROTOCOL_ERROR', `the server answered AUTH XOAUTH2 outside POP3 (${foreignPeer(line)})`);
  }

  /** STAT: the number of messages and their total size in octets. */
  async stat(): Promise<{ count: number; size: number } | Pop3Reply> {
    const reply = await this.command('STAT');
    const match = /^\s*(\d+)\s+(\d+)/.exec(reply.text);
    if (!reply.ok || !match) return reply;
    return { count: Number(match[1]), size: Number(match[2]) };
  }

  /** QUIT without waiting long for the answer, then closes the connection. */
  quit(): void {
    this.channel.write('QUIT');
    const channel = this.channel;
    setTimeout(() => channel.close(), 200).unref();
  }

  close(): void {
    this.channel.close();
  }
}
