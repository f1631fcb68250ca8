/** Weight of the newest observation in the running averages. */
const WEIGHT = 0.2;

/**
 * How many messages a worker claims ahead of its free slots: twice as many as its slots send
 * while one claim is on its way to the database and back (the sends' "bandwidth" times the
 * claim's delay), so that a slot that frees up finds a claimed message waiting instead of
 * waiting a round trip for one. Twice: attempts vary (the slow tail lifts the
 * average while the quick ones drain the claimed ahead; with once, slots found none waiting twice
 * as often in the benchmark). Slow sends (a server taking seconds per message) need none, and get
 * none: a message is never held back long, and claimed rows are SENDING only while they are about
 * to be sent.
 * Pure: it only averages the durations it is told.
 */
export class ClaimAhead {
  private claimMs = 0;
  private sendMs = 0;

  /** A claim (a take of jobs and their rows) took `ms`. */
  claimed(ms: number): void {
    this.claimMs = this.claimMs === 0 ? ms : this.claimMs + WEIGHT * (ms - this.claimMs);
  }

  /** A send held its slot `ms`. */
  sent(ms: number): void {
    this.sendMs = this.sendMs === 0 ? ms : this.sendMs + WEIGHT * (ms - this.sendMs);
  }

  /** Messages to hold claimed beyond the free slots: 0 until both a claim and a send were seen; never more than twice `concurrency`. */
  depth(concurrency: number): number {
    if (this.claimMs === 0 || this.sendMs === 0) return 0;
    return Math.min(2 * concurrency, Math.floor((2 * concurrency * this.claimMs) / this.sendMs));
  }
}
