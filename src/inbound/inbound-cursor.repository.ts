import type { PrismaClient } from '../generated/prisma/client.js';

/** Where reading an IMAP folder got to. */
export interface InboundCursor {
  uidValidity: bigint;
  lastUid: bigint;
}

/** The one write path of `inbound_cursor`. */
export class InboundCursorRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async get(mailbox: string): Promise<InboundCursor | undefined> {
    const row = await this.prisma.inboundCursor.findUnique({ where: { mailbox } });
    return row === null ? undefined : { uidValidity: row.uidValidity, lastUid: row.lastUid };
  }

  /** Records that every message up to `lastUid` under `uidValidity` is stored (or refused). */
  async set(mailbox: string, cursor: InboundCursor): Promise<void> {
    await this.prisma.inboundCursor.upsert({
      where: { mailbox },
      create: { mailbox, ...cursor },
      update: { ...cursor, updatedAt: new Date() },
    });
  }
}
