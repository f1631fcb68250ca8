import { Transform, type TransformCallback } from 'node:stream';
import type { Transporter } from 'nodemailer';

/** The key of nodemailer's message data under which a send carries what the end of its DATA waits for. */
const HOLD_KEY = 'holdEndUntil';

/**
 * Passes the message through and ends it only when `until` settles: the SMTP client writes the
 * `.` that ends DATA (after which the server may take the message) only once the stream ends. If
 * `until` rejects, the stream fails instead: the client drops the connection without the `.`, and
 * the server discards what it got.
 */
class HoldEnd extends Transform {
  constructor(private readonly until: Promise<unknown>) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.until.then(
      () => callback(),
      (error: unknown) => callback(new Error(`the message was not finished: ${error instanceof Error ? error.message : String(error)}`)),
    );
  }
}

/**
 * Lets a send hold back the end of its DATA until a promise settles (see `withHeldEnd`), by a
 * 'stream' plugin on `transporter`: sends that carry nothing are untouched.
 */
export function supportHeldEnd(transporter: Transporter): void {
  transporter.use('stream', (mail, done) => {
    const until = (mail.data as Record<string, unknown>)[HOLD_KEY];
    if (until instanceof Promise) mail.message.transform(() => new HoldEnd(until));
    done();
  });
}

/** `message` whose DATA ends only when `until` resolves (fails if it rejects); on a transporter set up by `supportHeldEnd`. */
export function withHeldEnd<T extends object>(message: T, until: Promise<unknown> | undefined): T {
  return until === undefined ? message : { ...message, [HOLD_KEY]: until };
}
