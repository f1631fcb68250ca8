import { ClaimAhead } from '../../src/outbound/delivery-claim-ahead';

describe('how many messages a worker claims ahead of its free slots', () => {
  it('claims none ahead until it has seen both a claim and a send', () => {
    const ahead = new ClaimAhead();
    expect(ahead.depth(4)).toBe(0);
    ahead.claimed(20);
    expect(ahead.depth(4)).toBe(0);
    ahead.sent(5);
    expect(ahead.depth(4)).toBe(8);
  });

  it('claims twice as many as its slots send during one claim, and none when a send takes far longer than a claim', () => {
    const quick = new ClaimAhead();
    quick.claimed(10);
    quick.sent(20);
    // 16 slots, each sending one message per 20 ms: 8 messages go out while a claim takes 10 ms.
    expect(quick.depth(16)).toBe(16);

    const slow = new ClaimAhead();
    slow.claimed(10);
    slow.sent(1_500);
    expect(slow.depth(4)).toBe(0);
  });

  it('never claims more ahead than twice its slots', () => {
    const ahead = new ClaimAhead();
    ahead.claimed(1_000);
    ahead.sent(1);
    expect(ahead.depth(4)).toBe(8);
  });

  it('follows durations that change', () => {
    const ahead = new ClaimAhead();
    ahead.claimed(10);
    ahead.sent(10);
    expect(ahead.depth(8)).toBe(16);
    // A slow send moves the average a fifth of the way (10 → 208 ms): none ahead for now.
    ahead.sent(1_000);
    expect(ahead.depth(8)).toBe(0);
    // Quicker sends again: the average comes back to them (2 × 8 slots × 10 ms / 25 ms).
    for (let i = 0; i < 40; i++) ahead.sent(25);
    expect(ahead.depth(8)).toBe(6);
  });
});
