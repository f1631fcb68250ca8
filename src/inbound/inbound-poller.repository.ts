import type { PrismaClient } from '../generated/prisma/client.js';
import type { InboundPollerRecord } from './inbound-reader.status.js';

/** The one write path of `inbound_poller`: only the lock holder writes it. */
export class InboundPollerRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** This instance took the lock: its record starts over. */
  async took(instanceId: string, since: Date): Promise<void> {
    const fresh = { instanceId, since, mailbox: null, lastPollAt: null, messagesSeen: 0, lastError: null, updatedAt: since };
    await this.prisma.inboundPoller.upsert({ where: { id: 1 }, create: { id: 1, ...fresh }, update: fresh });
  }

  /** A poll of `mailbox` ended: `seen` messages newly stored, and the error it ended with, if any. */
  async polled(instanceId: string, mailbox: string | null, seen: number, error: string | null): Promise<void> {
    const now = new Date();
    await this.prisma.inboundPoller.updateMany({
      where: { id: 1, instanceId },
      data: { mailbox, lastError: error, updatedAt: now, messagesSeen: { increment: seen }, ...(error === null && { lastPollAt: now }) },
    });
  }

  async get(): Promise<InboundPollerRecord | undefined> {
    const row = await this.prisma.inboundPoller.findUnique({ where: { id: 1 } });
    if (row === null) return undefined;
    const { instanceId, mailbox, since, lastPollAt, messagesSeen, lastError } = row;
    return { instanceId, mailbox, since, lastPollAt, messagesSeen, lastError };
  }
}
