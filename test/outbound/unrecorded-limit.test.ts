import { UnrecordedLimit } from '../../src/outbound/unrecorded-limit';

/** Whether `promise` has settled by the time the microtasks queued now have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('UnrecordedLimit: at most `limit` messages between the end of their DATA and their record', () => {
  it('gives places at once up to the limit, then one per place freed, the longest waiting first', async () => {
    const limit = new UnrecordedLimit(2);
    const [a, b, c, d] = [limit.place(), limit.place(), limit.place(), limit.place()];
    await a.take();
    await b.take();
    const cTaken = c.take();
    const dTaken = d.take();
    expect(limit.unrecorded).toBe(2);
    expect(await settled(cTaken)).toBe(false);
    a.free();
    expect(await settled(cTaken)).toBe(true);
    expect(await settled(dTaken)).toBe(false);
    expect(limit.unrecorded).toBe(2);
    b.free();
    expect(await settled(dTaken)).toBe(true);
    c.free();
    d.free();
    expect(limit.unrecorded).toBe(0);
  });

  it('lets a place freed while it waits (its send failed before the end) drop out of the queue, so no place is lost', async () => {
    const limit = new UnrecordedLimit(1);
    const [a, gaveUp, c] = [limit.place(), limit.place(), limit.place()];
    await a.take();
    const gaveUpTaken = gaveUp.take();
    const cTaken = c.take();
    gaveUp.free();
    a.free();
    // The place went to c, not to the one that gave up.
    expect(await settled(cTaken)).toBe(true);
    expect(await settled(gaveUpTaken)).toBe(false);
    c.free();
    expect(limit.unrecorded).toBe(0);
    // Freeing twice, or a place never taken, changes nothing.
    c.free();
    limit.place().free();
    expect(limit.unrecorded).toBe(0);
  });

  it('refuses to take one place twice', async () => {
    const place = new UnrecordedLimit(3).place();
    await place.take();
    await expect(place.take()).rejects.toThrow(/taken once/);
  });
});
