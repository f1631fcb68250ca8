import { PokeWait } from '../../src/platform/queue/poke-wait';

/** The wait, and whether it has resolved so far (read after advancing the fake clock, which runs pending callbacks). */
function started(wait: Promise<void>): { readonly done: boolean } {
  const state = { done: false };
  void wait.then(() => (state.done = true));
  return state;
}

describe('PokeWait', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('without a poke, resolves when the interval has passed, not before', async () => {
    const waiting = new PokeWait();
    const wait = started(waiting.wait(1_000));
    await jest.advanceTimersByTimeAsync(999);
    expect(wait.done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(wait.done).toBe(true);
  });

  it('a poke during a wait ends it at once, and is used up by it: the next wait lasts its interval', async () => {
    const waiting = new PokeWait();
    const wait = started(waiting.wait(60_000));
    await jest.advanceTimersByTimeAsync(10);
    expect(wait.done).toBe(false);
    waiting.poke();
    await jest.advanceTimersByTimeAsync(0);
    expect(wait.done).toBe(true);
    // No timer of the ended wait is left to fire.
    expect(jest.getTimerCount()).toBe(0);
    const next = started(waiting.wait(1_000));
    await jest.advanceTimersByTimeAsync(999);
    expect(next.done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(next.done).toBe(true);
  });

  it('a poke while no wait is under way makes the next wait return at once, and only that one', async () => {
    const waiting = new PokeWait();
    waiting.poke();
    waiting.poke();
    const first = started(waiting.wait(60_000));
    await jest.advanceTimersByTimeAsync(0);
    expect(first.done).toBe(true);
    const second = started(waiting.wait(1_000));
    await jest.advanceTimersByTimeAsync(999);
    expect(second.done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(second.done).toBe(true);
  });

  it('a poke after a wait ended by its interval is kept for the next wait', async () => {
    const waiting = new PokeWait();
    const first = started(waiting.wait(100));
    await jest.advanceTimersByTimeAsync(100);
    expect(first.done).toBe(true);
    waiting.poke();
    const second = started(waiting.wait(60_000));
    await jest.advanceTimersByTimeAsync(0);
    expect(second.done).toBe(true);
  });
});
