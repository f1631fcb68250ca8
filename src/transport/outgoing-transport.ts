import type { Transporter } from 'nodemailer';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import { createTransport } from 'nodemailer';

/** Everything needed to build the SMTP transport of one settings version. */
export interface OutgoingTransportSpec {
  options: SMTPPoolOptions & { pool: true };
  /** From header used when a message names none. */
  defaultFrom: { name: string; address: string } | undefined;
  /** `mail.smtp.from`: the envelope sender (MAIL FROM), when it differs from the From header. */
  envelopeFrom: string | undefined;
}

export type SentInfo = SMTPPoolSentMessageInfo & { transportVersion: number };

/**
 * One pooled SMTP transport and the sends handed to it. Closing is deferred until the last send
 * in flight has settled: nodemailer's pool fails every queued message when closed early.
 */
export class OutgoingTransport {
  private readonly transporter: Transporter<SMTPPoolSentMessageInfo>;
  private inFlight = 0;
  private retired = false;
  private closed = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    readonly version: number,
    readonly spec: OutgoingTransportSpec,
  ) {
    this.transporter = createTransport(spec.options);
  }

  async send(message: Parameters<Transporter['sendMail']>[0]): Promise<SentInfo> {
    if (this.closed) throw new Error('transport already closed');
    this.inFlight++;
    try {
      const info = await this.transporter.sendMail(message);
      return { ...info, transportVersion: this.version };
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.onIdle();
    }
  }

  /** No new sends will come; close as soon as those in flight have settled. */
  retire(): Promise<void> {
    this.retired = true;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.inFlight === 0) this.onIdle();
    return idle;
  }

  private onIdle(): void {
    if (!this.retired) return;
    if (!this.closed) {
      this.closed = true;
      this.transporter.close();
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
