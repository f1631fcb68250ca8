import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { createLogger } from '../../src/platform/logging/logger';
import { PrismaClient, type OutboundMessage } from '../../src/generated/prisma/client';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { OutboundDeliveryQueue } from '../../src/outbound/outbound-delivery-queue';
import type { OutboundQueue } from '../../src/outbound/outbound-queue';
import { LogCapture } from './test-app';

/** What a test may set of an accepted message; the rest gets test defaults. */
export interface AcceptedMessage {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  from?: { name: string; address: string };
  subject?: string;
  text?: string;
  html?: string;
  headers?: { name: string; value: string }[];
  attachments?: { filename: string; contentType: string; content: string }[];
}

/**
 * Writes messages as sendEmail accepts them (issue 16, ACCEPT's side): the `outbound_message` row
 * (QUEUED, its Message-ID, the content) and its delivery job, in one transaction. For the tests that
 * need rows in an exact state or the delivery side alone (delivery, pace, metrics, roles); the
 * big delivery tests (instances, database cut, shutdown) accept through sendEmail over HTTP
 * (test/outbound/api-sender.ts).
 */
export class OutboundRows {
  private constructor(
    readonly prisma: PrismaClient,
    private readonly queue: OutboundQueue,
    private readonly ownQueue: JobQueue | undefined,
  ) {}

  /** With the queue of an app in this process. */
  static withQueue(databaseUrl: string, queue: OutboundQueue): OutboundRows {
    return new OutboundRows(new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }), queue, undefined);
  }

  /** With a job queue of its own, for service processes started elsewhere (the queue must have been declared by one of them). */
  static async standalone(databaseUrl: string): Promise<OutboundRows> {
    const jobs = new JobQueue({
      databaseUrl,
      applicationName: 'test-outbound-rows',
      log: createLogger('warn', new LogCapture()),
      maintenanceIntervalSeconds: 3_600,
    });
    await jobs.start();
    return new OutboundRows(new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }), new OutboundDeliveryQueue(jobs), jobs);
  }

  /** Accepts one message: row and job in one transaction. */
  async accept(message: AcceptedMessage = {}): Promise<OutboundMessage> {
    const id = randomUUID();
    const text = message.text ?? `body of ${id}`;
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.outboundMessage.create({
        data: {
          id,
          messageId: `<${id}@outbound.test>`,
          createdBy: 'test-sender',
          contentHash: id,
          fromName: message.from?.name ?? null,
          fromAddress: message.from?.address ?? null,
          toAddresses: message.to ?? ['someone@outbound.test'],
          ccAddresses: message.cc ?? [],
          bccAddresses: message.bcc ?? [],
          subject: message.subject ?? `message ${id}`,
          textBody: text,
          htmlBody: message.html ?? null,
          headers: message.headers ?? [],
          attachments: message.attachments ?? [],
          sizeBytes: Buffer.byteLength(text),
        },
      });
      await this.queue.enqueue(tx, id);
      return row;
    });
  }

  /** Accepts `count` messages, `parallel` transactions at a time. */
  async acceptMany(count: number, make: (index: number) => AcceptedMessage = () => ({}), parallel = 8): Promise<OutboundMessage[]> {
    const rows: OutboundMessage[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < count) {
          const index = next++;
          rows[index] = await this.accept(make(index));
        }
      }),
    );
    return rows;
  }

  async row(id: string): Promise<OutboundMessage> {
    return this.prisma.outboundMessage.findUniqueOrThrow({ where: { id } });
  }

  async countByStatus(): Promise<Record<string, number>> {
    const groups = await this.prisma.outboundMessage.groupBy({ by: ['status'], _count: { _all: true } });
    return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
  }

  async close(): Promise<void> {
    await this.ownQueue?.stop();
    await this.prisma.$disconnect();
  }
}
