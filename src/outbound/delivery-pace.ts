import type { PrismaClient } from '../generated/prisma/client.js';

/** The answer of the pace: send at `slot` (now or within a moment), or come back at `retryAt`. */
export type PaceDecision = { kind: 'SEND'; waitMs: number } | { kind: 'LATER'; retryAt: Date };

/**
 * `OUTBOUND_MAX_PER_MINUTE` for all instances together: one row per SMTP server holds its next
 * free send slot, and each send takes one with a single atomic statement, moving it on by
 * 60 s / the limit. A message whose slot is further off than `maxWaitMs` is not held by a worker
 * but put back in the queue for then: delayed, never failed.
 */
export class DeliveryPace {
  private readonly spacingMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    maxPerMinute: number,
  ) {
    this.spacingMs = 60_000 / maxPerMinute;
    // A worker may wait for a slot about as long as one spacing, never long.
    this.maxWaitMs = Math.min(this.spacingMs, 2_000);
  }

  async take(server: string): Promise<PaceDecision> {
    const taken = await this.prisma.$queryRaw<{ wait_ms: number }[]>`
      INSERT INTO outbound_pace AS p (server, next_slot_at) VALUES (${server}, now() + ${this.spacingMs} * interval '1 millisecond')
      ON CONFLICT (server) DO UPDATE SET next_slot_at = GREATEST(p.next_slot_at, now()) + ${this.spacingMs} * interval '1 millisecond'
        WHERE p.next_slot_at <= now() + ${this.maxWaitMs} * interval '1 millisecond'
      RETURNING GREATEST(0, EXTRACT(EPOCH FROM (next_slot_at - now())) * 1000 - ${this.spacingMs})::float8 AS wait_ms`;
    const slot = taken[0];
    if (slot) return { kind: 'SEND', waitMs: slot.wait_ms };
    const next = await this.prisma.$queryRaw<{ next_slot_at: Date }[]>`SELECT next_slot_at FROM outbound_pace WHERE server = ${server}`;
    return { kind: 'LATER', retryAt: next[0]?.next_slot_at ?? new Date() };
  }
}
