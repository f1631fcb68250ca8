/** One message's claim on the limit, from the end of its DATA to its record. */
export interface UnrecordedPlace {
  /** Resolves once the message may end its DATA: at once while fewer than the limit hold a place, else when one is freed. */
  take(): Promise<void>;
  /** Its outcome is recorded (or its attempt ended): the place, if it had one, goes to the message waiting longest; if it was still waiting, it stops. */
  free(): void;
}

/**
 * Never more than `limit` messages of this instance between the `.` that ends their DATA (after
 * which the server may take them) and their record: an instance that dies leaves at most `limit`
 * messages delivered and not recorded, the only duplicates there can be. Shared by the send slots,
 * so that a slot waits only while that many records are under way, not for its own last one.
 * Pure: it only counts.
 */
export class UnrecordedLimit {
  private held = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Messages holding a place now (their `.` sent or about to be, not recorded). */
  get unrecorded(): number {
    return this.held;
  }

  /** A place for one message, taken when its DATA is about to end (`take`), freed once recorded (`free`). */
  place(): UnrecordedPlace {
    let state: 'new' | 'waiting' | 'held' | 'freed' = 'new';
    let grant: (() => void) | undefined;
    return {
      take: () => {
        if (state !== 'new') return Promise.reject(new Error(`a place is taken once (this one is ${state})`));
        if (this.held < this.limit) {
          this.held++;
          state = 'held';
          return Promise.resolve();
        }
        state = 'waiting';
        return new Promise<void>((resolve) => {
          grant = () => {
            state = 'held';
            resolve();
          };
          this.queue.push(grant);
        });
      },
      free: () => {
        if (state === 'waiting' && grant) this.queue.splice(this.queue.indexOf(grant), 1);
        else if (state === 'held') this.pass();
        state = 'freed';
      },
    };
  }

  /** A held place is freed: it goes to the longest waiting, or back to the pool. */
  private pass(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held--;
  }
}
