/**
 * The idle wait of a job loop: sleep until a poke (work announced) or the poll interval, whichever
 * comes first. A poke that comes while no wait is under way (the loop is busy) is kept: the next
 * wait returns at once, so work announced during a fetch is looked for without a poll interval's delay.
 */
export class PokeWait {
  private wake: (() => void) | undefined;
  /** A poke that came while no wait was under way: the next wait is skipped. */
  private poked = false;

  /** Ends the wait under way, or else the next one, at once. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  /** Resolves at a poke or after `ms`; at once when a poke came since the last wait ended. */
  async wait(ms: number): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.poked = false;
  }
}
