import { Transform, type TransformCallback } from 'node:stream';
import type { Transporter } from 'nodemailer';

/** The key of nodemailer's message data under which a send carries what the end of its DATA waits for. */
const HOLD_KEY = 'beforeEnd';

/** Called once the whole message is written, before the `.` that ends DATA: the `.` waits for its promise. */
export type BeforeEnd = () => Promise<unknown>;

/**
 * Passes the message through and, at its end, calls `beforeEnd` and ends the stream only when its
 * promise settles: the SMTP client writes the `.` that ends DATA (after which the server may take
 * the message) only once the stream ends. If the promise rejects, the stream fails instead: the
 * client drops the connection without the `.`, and the server discards what it got.
 */
class HoldEnd extends Transform {
  constructor(private readonly beforeEnd: BeforeEnd) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    Promise.resolve()
      .then(this.beforeEnd)
      .then(
        () => callback(),
        (error: unknown) => callback(new Error(`the message was not finished: ${error instanceof Error ? error.message : String(error)}`)),
      );
  }
}

/**
 * Lets a send hold back the end of its DATA (see `withHeldEnd`), by a 'stream' plugin on
 * `transporter`: sends that carry nothing are untouched.
 */
export function supportHeldEnd(transporter: Transporter): void {
  transporter.use('stream', (mail, done) => {
    const beforeEnd = (mail.data as Record<string, unknown>)[HOLD_KEY];
    if (typeof beforeEnd === 'function') mail.message.transform(() => new HoldEnd(beforeEnd as BeforeEnd));
    done();
  });
}

/** `message` whose DATA ends only when the promise of `beforeEnd`, called once the message is written, resolves (fails if it rejects); on a transporter set up by `supportHeldEnd`. */
export function withHeldEnd<T extends object>(message: T, beforeEnd: BeforeEnd | undefined): T {
  return beforeEnd === undefined ? message : { ...message, [HOLD_KEY]: beforeEnd };
}
