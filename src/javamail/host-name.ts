import { BlockList, isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';

/** RFC 1035/1123: a whole name is at most 253 characters when written without the trailing dot. */
export const MAX_HOST_NAME_LENGTH = 253;

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

// A name whose last label reads as a number is an IPv4 address to the resolver (inet_aton reads
// `127.1` and `0x7f000001` as 127.0.0.1), so it is refused, as the WHATWG URL parser does.
const NUMERIC_LAST_LABEL = /(?:^|\.)(?:[0-9]+|0[xX][0-9A-Fa-f]*)$/;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * The first `xn--` label of `name` that is not valid punycode, or undefined. Such a label is an
 * internationalized name written in ASCII: it must decode to Unicode (Node's WHATWG decoder gives
 * '' for `xn--zz`) and encode back to itself (`xn--abc-` decodes to `abc`, which is written
 * `abc`). A resolver would only ever say that such a name does not exist.
 */
export function invalidPunycodeLabel(name: string): string | undefined {
  return name.split('.').find((label) => {
    const ascii = label.toLowerCase();
    // An undecodable label decodes to '', which encodes to '': one comparison covers both cases.
    return ascii.startsWith('xn--') && domainToASCII(domainToUnicode(ascii)) !== ascii;
  });
}

/**
 * True for an RFC 1123 host name, a dotted-quad IPv4 address or a bare IPv6 address.
 *
 * - Labels are 1 to 63 letters, digits and hyphens, and neither start nor end with a hyphen; a
 *   single label (`localhost`, `mailhog`) is a host name.
 * - A label that starts with `xn--` must be valid punycode (see {@link invalidPunycodeLabel}).
 * - The last label must not read as a number (`1.2.3.999`, `127.1`, `0x7f000001`): resolvers
 *   would take it for an IPv4 address.
 * - A trailing dot (`smtp.example.com.`) is refused: TLS server names (SNI) are sent without it,
 *   and one spelling per host keeps comparisons such as `mail.smtp.ssl.trust` exact.
 * - IPv6 is accepted bare (`::1`), not bracketed (`[::1]`), and without a zone (`fe80::1%eth0`):
 *   a zone names a network interface of one machine, which other replicas need not have.
 */
export function isHostName(value: string): boolean {
  const family = isIP(value);
  if (family === 4) return true;
  if (family === 6) return !value.includes('%');
  // The empty name is refused as one empty label.
  if (value.length > MAX_HOST_NAME_LENGTH) return false;
  if (!value.split('.').every((label) => LABEL.test(label))) return false;
  return !NUMERIC_LAST_LABEL.test(value) && invalidPunycodeLabel(value) === undefined;
}

/**
 * True when `host` names this machine: `localhost`, any `*.localhost` (RFC 6761), an address in
 * 127.0.0.0/8, or `::1` (including IPv4-mapped loopback such as `::ffff:127.0.0.1`).
 * Case and one trailing dot are ignored.
 */
export function isLocalHost(host: string): boolean {
  const name = normalizeHostName(host);
  const family = isIP(name);
  if (family === 4) return LOOPBACK.check(name, 'ipv4');
  if (family === 6) return LOOPBACK.check(name, 'ipv6');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The spelling used to compare host names: lower case, without a trailing dot. */
export function normalizeHostName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
