import type { PrismaClient } from '../generated/prisma/client.js';
import type { NewInboundMessage } from './inbound-message.parse.js';

/**
 * The reader's write path to `inbound_message`: one message, inserted once. A message already
 * stored under the same mailbox and UIDVALIDITY+UID, or the same UIDL, is left as it is: the
 * unique keys, not the reader's bookkeeping, are what keep a message from being stored twice.
 */
export class InboundMessageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Inserts one message (its own transaction); false when it was stored before. Resolves once committed. */
  async insert(message: NewInboundMessage, id: string): Promise<boolean> {
    const { raw, date, headers, attachments, ...fields } = message;
    const { count } = await this.prisma.inboundMessage.createMany({
      data: [
        {
          id,
          ...fields,
          date,
          headers,
          attachments,
          ...(raw !== null && { raw: new Uint8Array(raw) }),
        },
      ],
      skipDuplicates: true,
    });
    return count === 1;
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
