import { clientKey } from '../rate-limit/client-key.js';

/** Why a socket was not given a slot. */
export type SlotRefusal = 'instance full' | 'address full';

/**
 * Counts the open subscription sockets, in all and per client (an IPv4 address, an IPv6 /64:
 * clientKey), so one client cannot hold every socket the instance takes.
 */
export class SubscriptionSlots {
  private readonly perClient = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: { maxConnections: number; maxConnectionsPerAddress: number }) {}

  get open(): number {
    return this.total;
  }

  /** A slot for a socket from `address`, and how to give it back (once); or why there is none. */
  claim(address: string): { release: () => void } | SlotRefusal {
    const key = clientKey(address);
    const held = this.perClient.get(key) ?? 0;
    if (this.total >= this.limits.maxConnections) return 'instance full';
    if (held >= this.limits.maxConnectionsPerAddress) return 'address full';
    this.total++;
    this.perClient.set(key, held + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perClient.get(key) ?? 1) - 1;
        if (left === 0) this.perClient.delete(key);
        else this.perClient.set(key, left);
      },
    };
  }
}
