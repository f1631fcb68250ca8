import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { NewInboundMessage } from './inbound-message.parse.js';

/**
 * The reader's write path to `inbound_message`: each message inserted once. A message already
 * stored under the same mailbox and UIDVALIDITY+UID, or the same UIDL, is left as it is: the
 * unique keys, not the reader's bookkeeping, are what keep a message from being stored twice.
 */
export class InboundMessageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Inserts messages, each at most once, in one statement (`INSERT … ON CONFLICT DO NOTHING`,
   * its own transaction; row triggers fire for each row inserted). Resolves once committed with
   * how many rows are new: a message stored before is left as it is.
   */
  async insert(messages: readonly NewInboundMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const { count } = await this.prisma.inboundMessage.createMany({
      data: messages.map(({ raw, ...fields }) => ({
        id: randomUUID(),
        ...fields,
        ...(raw !== null && { raw: new Uint8Array(raw) }),
      })),
      skipDuplicates: true,
    });
    return count;
  }

  /** Which of `uidls` are stored for `mailbox` (POP3), and whether each was refused (left on the server). */
  async storedUidls(mailbox: string, uidls: readonly string[]): Promise<Map<string, { refused: boolean }>> {
    if (uidls.length === 0) return new Map();
    const rows = await this.prisma.inboundMessage.findMany({ where: { mailbox, uidl: { in: [...uidls] } }, select: { uidl: true, status: true } });
    return new Map(rows.flatMap((row) => (row.uidl === null ? [] : [[row.uidl, { refused: row.status === 'REFUSED' }] as const])));
  }

  /** Whether a message with this Message-ID is stored for `mailbox` under any UIDVALIDITY (IMAP resync). */
  async hasMessageId(mailbox: string, messageId: string): Promise<boolean> {
    const row = await this.prisma.inboundMessage.findFirst({ where: { mailbox, messageId }, select: { id: true } });
    return row !== null;
  }
}
