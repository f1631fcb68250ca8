import { PokeWait } from '../../src/platform/queue/poke-wait';

/** The wait, and whether it has resolved so far (read after advancing the fake clock, which runs pending callbacks). */
function started(wait: Promise<void>): { readonly done: boolean } {
  const state = { done: false };
  void wait.then(() => (state.done = true));
  return state;
}

/** A wait of `ms` is still under way 1 ms before its end, and over at its end. */
async function expectFullInterval(waiting: PokeWait, ms: number): Promise<void> {
  const wait = started(waiting.wait(ms));
  await jest.advanceTimersByTimeAsync(ms - 1);
  expect(wait.done).toBe(false);
  await jest.advanceTimersByTimeAsync(1);
  expect(wait.done).toBe(true);
}

/** A wait of a minute is over without the clock moving. */
async function expectAtOnce(waiting: PokeWait): Promise<void> {
  const wait = started(waiting.wait(60_000));
  await jest.advanceTimersByTimeAsync(0);
  expect(wait.done).toBe(true);
}

describe('PokeWait', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('without a poke, resolves when the interval has passed, not before', async () => {
    await expectFullInterval(new PokeWait(), 1_000);
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
    await expectFullInterval(waiting, 1_000);
  });

  it('a poke while no wait is under way makes the next wait return at once, and only that one', async () => {
    const waiting = new PokeWait();
    waiting.poke();
    waiting.poke();
    await expectAtOnce(waiting);
    await expectFullInterval(waiting, 1_000);
  });

  it('a poke after a wait ended by its interval is kept for the next wait', async () => {
    const waiting = new PokeWait();
    await expectFullInterval(waiting, 100);
    waiting.poke();
    await expectAtOnce(waiting);
  });
});
