/**
 * Which IP addresses this service may connect to: one policy for every outbound connection
 * (connection tests, live transports). Pure: parses and judges addresses, connects nothing.
 *
 * An address is refused when a deny rule covers it, or when an allow list is set and no allow
 * rule covers it: deny wins over allow. Addresses that carry an IPv4 address (IPv4-mapped
 * `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, SIIT `::ffff:0:a.b.c.d`) are judged as that
 * IPv4 address only, as the kernel sends them there. NAT64 (`64:ff9b::/96`) and 6to4
 * (`2002::/16`) addresses reach an IPv4 host through a gateway: they are refused when either
 * the IPv6 address or the IPv4 address inside is refused.
 */

import { isIP } from 'node:net';

/** One IP address: 32 bits (family 4) or 128 bits (family 6) as a number. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** A network in CIDR notation, IPv4-mapped IPv6 networks already turned into IPv4 ones. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

/** The networks of one policy, as CIDR texts; `allow` unset means every address not denied. */
export interface NetworkPolicySettings {
  readonly deny: readonly string[];
  readonly allow?: readonly string[] | undefined;
}

/**
 * Refused unless an operator says otherwise: addresses that are never a mail server but reach
 * this machine or its cloud platform. Loopback is not here: a local MTA is a real deployment.
 * Metadata addresses after PayloadsAllTheThings' "SSRF URL for Cloud Instances" and the
 * providers' documentation; several lie inside 169.254.0.0/16 already and are listed to be seen.
 */
export const DEFAULT_NETWORK_DENY: readonly string[] = Object.freeze([
  '0.0.0.0/8', // "this network"; 0.0.0.0 reaches the local host on Linux
  '169.254.0.0/16', // link-local: AWS/GCP/Azure/Oracle/DigitalOcean/Hetzner/OpenStack metadata, ECS 169.254.170.2, Tencent 169.254.0.23, Scaleway 169.254.42.42
  '169.254.169.254/32', // the common instance metadata address
  '224.0.0.0/4', // multicast
  '100.100.100.200/32', // Alibaba Cloud metadata (inside the otherwise usable 100.64.0.0/10)
  '192.0.0.192/32', // Oracle Cloud (Classic) metadata
  '168.63.129.16/32', // Azure WireServer (platform agent endpoint)
  '::/128', // unspecified; reaches the local host
  'fe80::/10', // link-local
  'ff00::/8', // multicast
  'fd00:ec2::254/128', // AWS instance metadata over IPv6
  'fd00:ec2::23/128', // AWS EKS Pod Identity agent (credentials) over IPv6
  'fd20:ce::254/128', // Google Cloud metadata over IPv6
  'fd00:42::42/128', // Scaleway metadata over IPv6
]);

const V4_BITS = 32;
const V6_BITS = 128;
const MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96
const TRANSLATED_PREFIX = 0xffffn << 48n; // ::ffff:0:0:0/96 (SIIT, RFC 2765)
const NAT64_PREFIX = 0x64ff9bn << 96n; // 64:ff9b::/96 (RFC 6052)
const LOW_32 = 0xffffffffn;

/**
 * Parses an IP address as Node's socket functions read it (`net.isIP` decides what is one),
 * ignoring an IPv6 zone (`%eth0`). Undefined for anything else, host names included.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (typeof text !== 'string') return undefined;
  const family = isIP(text);
  if (family === 4) return { family: 4, value: parseV4(text) };
  if (family === 6) {
    const value = parseV6(text.split('%')[0] ?? '');
    return value === undefined ? undefined : { family: 6, value };
  }
  return undefined;
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((sum, part) => (sum << 8n) | BigInt(Number(part)), 0n);
}

/** Parses an IPv6 address that `net.isIP` accepted (so the shape is known to be valid). */
function parseV6(text: string): bigint | undefined {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    // A dotted IPv4 tail stands for the last two groups.
    const v4 = parseV4(tail);
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] =>
    part ? part.split(':').map((group) => (/^[0-9a-f]{1,4}$/i.test(group) ? parseInt(group, 16) : NaN)) : [];
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 && missing < 1) return undefined;
  const all = halves.length === 2 ? [...head, ...new Array<number>(missing).fill(0), ...rest] : head;
  if (all.length !== 8 || all.some((group) => Number.isNaN(group))) return undefined;
  return all.reduce((sum, group) => (sum << 16n) | BigInt(group), 0n);
}

/** The address as text a socket connects to unambiguously (IPv6 written out in full). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((address.value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

/**
 * The IPv4 address an IPv6 address stands for, and whether it stands for it alone (mapped,
 * compatible, translated) or reaches it through a gateway (NAT64, 6to4).
 */
export function carriedIpv4(address: IpAddress): { v4: IpAddress; only: boolean } | undefined {
  if (address.family !== 6) return undefined;
  const value = address.value;
  const low = value & LOW_32;
  const upper = value >> 32n;
  if (upper === MAPPED_PREFIX >> 32n || upper === TRANSLATED_PREFIX >> 32n) return { v4: { family: 4, value: low }, only: true };
  // IPv4-compatible (::a.b.c.d, deprecated); :: and ::1 are IPv6's own unspecified and loopback.
  if (upper === 0n && low > 1n) return { v4: { family: 4, value: low }, only: true };
  if (upper === NAT64_PREFIX >> 32n) return { v4: { family: 4, value: low }, only: false };
  if (value >> 112n === 0x2002n) return { v4: { family: 4, value: (value >> 80n) & LOW_32 }, only: false };
  return undefined;
}

/** Why a CIDR text is not one; the message is for the operator who wrote it. */
export class CidrSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CidrSyntaxError';
  }
}

/**
 * Parses `address/prefix` (or a bare address, a network of one). Refuses host bits set past
 * the prefix (`10.0.0.1/8`), zones, brackets and netmasks. IPv4-mapped IPv6 networks of prefix
 * 96 or more (`::ffff:10.0.0.0/104`) become the IPv4 network they cover (`10.0.0.0/8`).
 */
export function parseCidr(text: string): Cidr {
  const [addressText = '', prefixText, ...extra] = text.split('/');
  if (extra.length > 0) throw new CidrSyntaxError('more than one "/"');
  if (addressText.includes('%')) throw new CidrSyntaxError('an IPv6 zone (%...) has no place in a network');
  const address = parseIpAddress(addressText);
  if (!address) throw new CidrSyntaxError('not an IP address (IPv4 dotted quad or bare IPv6, no brackets)');
  const bits = address.family === 4 ? V4_BITS : V6_BITS;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) throw new CidrSyntaxError(`the prefix must be a number from 0 to ${bits}`);
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) throw new CidrSyntaxError(`the prefix must be a number from 0 to ${bits}`);
  const hostBits = BigInt(bits - prefix);
  const base = (address.value >> hostBits) << hostBits;
  if (base !== address.value) {
    throw new CidrSyntaxError(
      `address bits are set past the /${prefix} prefix (the network would be ${formatIpAddress({ family: address.family, value: base })}/${prefix})`,
    );
  }
  if (address.family === 6 && prefix >= 96 && base >> 32n === MAPPED_PREFIX >> 32n) return { family: 4, base: base & LOW_32, prefix: prefix - 96 };
  return { family: address.family, base, prefix };
}

/** The CIDR as text, in the form `parseCidr` reads back to the same network. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpAddress({ family: cidr.family, value: cidr.base })}/${cidr.prefix}`;
}

function covers(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.family !== address.family) return false;
  const hostBits = BigInt((cidr.family === 4 ? V4_BITS : V6_BITS) - cidr.prefix);
  return address.value >> hostBits === cidr.base >> hostBits;
}

/** Why an address was judged as it was. */
export type AddressVerdict = 'ALLOWED' | 'DENIED' | 'NOT_IN_ALLOW_LIST' | 'NOT_AN_ADDRESS';

/** The outbound network policy; build once from the settings and share. */
export class NetworkPolicy {
  private readonly deny: readonly Cidr[];
  private readonly allow: readonly Cidr[] | undefined;

  /** Throws `CidrSyntaxError` on a bad network (config has validated them already). */
  constructor(settings: NetworkPolicySettings) {
    this.deny = settings.deny.map(parseCidr);
    this.allow = settings.allow?.map(parseCidr);
  }

  /** The verdict on one address, given as text (a host name is NOT_AN_ADDRESS: resolve first). */
  judge(text: string): AddressVerdict {
    const address = parseIpAddress(text);
    if (!address) return 'NOT_AN_ADDRESS';
    const carried = carriedIpv4(address);
    if (carried?.only) return this.judgeOne(carried.v4);
    const own = this.judgeOne(address);
    return own === 'ALLOWED' && carried ? this.judgeOne(carried.v4) : own;
  }

  permits(text: string): boolean {
    return this.judge(text) === 'ALLOWED';
  }

  /**
   * The permitted addresses of a list, in order, each written as it was judged (so what is
   * connected to is exactly what was checked), and how many were refused.
   */
  sort(addresses: readonly string[]): { permitted: string[]; refused: number } {
    const permitted: string[] = [];
    for (const text of addresses) {
      const address = parseIpAddress(text);
      if (address && this.judge(text) === 'ALLOWED') permitted.push(formatIpAddress(address) + zoneOf(text));
    }
    return { permitted, refused: addresses.length - permitted.length };
  }

  private judgeOne(address: IpAddress): AddressVerdict {
    if (this.deny.some((cidr) => covers(cidr, address))) return 'DENIED';
    if (this.allow && !this.allow.some((cidr) => covers(cidr, address))) return 'NOT_IN_ALLOW_LIST';
    return 'ALLOWED';
  }
}

function zoneOf(text: string): string {
  const at = text.indexOf('%');
  return at < 0 || isIP(text) !== 6 ? '' : text.slice(at);
}

/** The default: `DEFAULT_NETWORK_DENY`, no allow list. */
export const DEFAULT_NETWORK_SETTINGS: NetworkPolicySettings = Object.freeze({ deny: DEFAULT_NETWORK_DENY });
