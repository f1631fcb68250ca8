import type { AttemptRecord, FinalRecord, OutboundDeliveryRepository } from './outbound-delivery.repository.js';

interface Pending {
  jobId: string;
  id: string;
  outcome: FinalRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Statements recording groups at once: a group that comes while one is written does not wait for it. */
const WRITERS = 2;

/**
 * Records the outcomes of attempts, the SENT and FAILED ones grouped: while the statements under
 * way record their groups, the outcomes that come meanwhile wait and go together in the next (as a
 * database groups commits). Up to WRITERS statements at once, on different rows: an outcome that
 * comes while one group is being written goes at once with those that come with it, not after it
 * (the next send on its slot ends its DATA only once it is recorded). Under load the groups grow
 * and the statements per message fall; an outcome alone is written at once. A RETRYING outcome,
 * which writes the next job too, goes on its own.
 */
export class DeliveryRecorder {
  private pending: Pending[] = [];
  private writers = 0;

  constructor(private readonly repository: Pick<OutboundDeliveryRepository, 'record' | 'recordFinals'>) {}

  /** Resolves when the outcome and its job's completion are committed; rejects if their statement failed (nothing of it committed). */
  record(jobId: string, id: string, outcome: AttemptRecord): Promise<void> {
    if (outcome.status === 'RETRYING') return this.repository.record(jobId, id, outcome);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ jobId, id, outcome, resolve, reject });
      if (this.writers < WRITERS) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writers++;
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        await this.repository.recordFinals(group);
        for (const entry of group) entry.resolve();
      } catch (error) {
        if (group.length === 1) group[0]?.reject(error);
        // One outcome the statement could not take must not hold back the others: each alone.
        else for (const entry of group) await this.repository.recordFinals([entry]).then(entry.resolve, entry.reject);
      }
    }
    this.writers--;
  }
}
