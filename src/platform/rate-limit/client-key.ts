import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit words of an IPv6 address (zone id dropped), or undefined when it is not one. */
function ipv6Words(address: string): number[] | undefined {
  const text = address.split('%')[0] ?? '';
  if (!isIPv6(text)) return undefined;
  let body = text;
  let tail: number[] = [];
  const dotted = /:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    tail = [(a << 8) | b, (c << 8) | d];
    // Keep a `::` that stood right before the dotted part (`::1.2.3.4`).
    body = text.slice(0, dotted.index) + (text[dotted.index - 1] === ':' ? ':' : '');
  }
  const words = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const [head = '', rest] = body.split('::');
  if (rest === undefined) return [...words(head), ...tail];
  const left = words(head);
  const right = words(rest);
  return [...left, ...Array<number>(8 - left.length - right.length - tail.length).fill(0), ...right, ...tail];
}

/**
 * The key an address's authentication failures are counted under. IPv4: the address. IPv6: its
 * /64, the smallest block a single subscriber is normally given, so one client cannot walk
 * through its own 2^64 addresses to escape a lockout. IPv4-mapped IPv6 (`::ffff:a.b.c.d`, as a
 * dual-stack socket reports IPv4 clients): the IPv4 address. Anything else: as given.
 */
export function clientKey(address: string): string {
  if (isIPv4(address)) return address;
  const words = ipv6Words(address);
  if (words?.length !== 8) return address;
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words;
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0xffff) {
    return `${w6 >> 8}.${w6 & 255}.${w7 >> 8}.${w7 & 255}`;
  }
  return `${[w0, w1, w2, w3].map((w) => w.toString(16)).join(':')}::/64`;
}
