import { isIP } from 'node:net';
import type { SecureVersion } from 'node:tls';
import { isHostName, normalizeHostName } from './host-name';
import { MAX_TIMEOUT_MS } from './mail-properties.keys';

/**
 * The SASL mechanisms this service runs for SMTP AUTH with a password. XOAUTH2 is not one of
 * them: a password is never sent as a bearer token. OAuth 2.0 is the server's `authentication:
 * OAUTH2`, which signs in with XOAUTH2 whatever this property says (and may list XOAUTH2).
 */
export type SmtpAuthMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5';

export const SMTP_AUTH_MECHANISMS: readonly SmtpAuthMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

/** Oldest first, as Node orders `minVersion` and `maxVersion`. */
export const TLS_VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * A value parsed, or the reason it was refused, worded to follow the key's name:
 * "mail.smtp.timeout must be …". Reasons never repeat the value: a misplaced secret stays unseen.
 */
export type ValueResult<T> = { ok: true; value: T } | { ok: false; problem: string };

function ok<T>(value: T): ValueResult<T> {
  return { ok: true, value };
}

function refused<T>(problem: string): ValueResult<T> {
  return { ok: false, problem };
}

function words(text: string): string[] {
  return text.match(/\S+/g) ?? [];
}

const DIGITS = /^[0-9]+$/;

export function parseMilliseconds(text: string): ValueResult<number> {
  const value = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (value >= 1 && value <= MAX_TIMEOUT_MS) return ok(value);
  return refused(`must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
}

/** `true` or `false` in any case, as JavaMail compares them; anything else is refused, not read as false. */
export function parseFlag(text: string): ValueResult<boolean> {
  const lower = text.toLowerCase();
  if (lower === 'true') return ok(true);
  if (lower === 'false') return ok(false);
  return refused('must be true or false');
}

/** `*`, or host names separated by white space, returned lower case and without repeats. */
export function parseTrustedHosts(text: string): ValueResult<'*' | readonly string[]> {
  if (text === '*') return ok('*');
  const hosts = words(text);
  for (const [index, host] of hosts.entries()) {
    if (host === '*') return refused('must be either * alone or a list of host names, not both');
    if (!isHostName(host)) return refused(`must be * or host names separated by spaces; item ${index + 1} is not a host name`);
  }
  return ok([...new Set(hosts.map(normalizeHostName))]);
}

/**
 * TLS versions separated by white space. Node takes a range (`minVersion`..`maxVersion`), so a
 * list with a gap (`TLSv1 TLSv1.3`) is refused rather than silently widened.
 */
export function parseTlsVersions(text: string): ValueResult<{ minVersion: SecureVersion; maxVersion: SecureVersion }> {
  const listed = new Set<string>();
  for (const word of words(text)) {
    if (!TLS_VERSIONS.some((version) => version === word)) return refused(`must list TLS versions from ${TLS_VERSIONS.join(', ')}, separated by spaces`);
    listed.add(word);
  }
  const versions = TLS_VERSIONS.filter((version) => listed.has(version));
  const [minVersion, ...newer] = versions;
  if (minVersion === undefined) return refused('must list at least one TLS version');
  const maxVersion = newer.at(-1) ?? minVersion;
  if (TLS_VERSIONS.indexOf(maxVersion) - TLS_VERSIONS.indexOf(minVersion) + 1 !== versions.length) {
    return refused('must list TLS versions without a gap: Node can only set a lowest and a highest version');
  }
  return ok({ minVersion, maxVersion });
}

/** `[192.0.2.1]` or `[IPv6:2001:db8::1]` (RFC 5321 address literals) to the bare address, else undefined. */
function addressInLiteral(text: string): string | undefined {
  const match = /^\[(?:IPv6:(.+)|([0-9.]+))\]$/i.exec(text);
  if (!match) return undefined;
  const [, ipv6, ipv4] = match;
  if (ipv6 !== undefined) return isIP(ipv6) === 6 && !ipv6.includes('%') ? ipv6 : undefined;
  // Stryker disable next-line ConditionalExpression: the pattern matched without its IPv6 group, so the IPv4 group is there; the check only narrows the type
  if (ipv4 === undefined) return undefined;
  return isIP(ipv4) === 4 ? ipv4 : undefined;
}

function toAddressLiteral(address: string): string {
  return isIP(address) === 6 ? `[IPv6:${address}]` : `[${address}]`;
}

/**
 * The EHLO name. nodemailer sends it as given, and RFC 5321 wants an address in brackets, so a
 * bare IP address is turned into an address literal; a literal is accepted as it is.
 */
export function parseEhloName(text: string): ValueResult<string> {
  const literal = addressInLiteral(text);
  if (literal !== undefined) return ok(toAddressLiteral(literal));
  if (!isHostName(text)) return refused('must be a host name or an IP address');
  return ok(isIP(text) === 0 ? text : toAddressLiteral(text));
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);

/**
 * An ASCII address for SMTP `MAIL FROM`: a dot-atom local part (no quoted strings) of up to 64
 * characters, `@`, and a host name or an address literal; 254 characters in all (RFC 5321).
 */
export function parseEnvelopeAddress(text: string): ValueResult<string> {
  const problem = 'must be an e-mail address such as bounces@example.com';
  const at = text.lastIndexOf('@');
  if (at < 1 || text.length > 254) return refused(problem);
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64 || !DOT_ATOM.test(local)) return refused(problem);
  const domainOk = addressInLiteral(domain) !== undefined || (isHostName(domain) && isIP(domain) === 0);
  return domainOk ? ok(text) : refused(problem);
}

/**
 * SASL mechanism names separated by white space, upper case, in the order given, without repeats.
 * XOAUTH2 is the OAuth 2.0 mechanism: accepted only when `xoauth2` (the server signs in with an
 * access token, which it always does with XOAUTH2) and then left out of the answer, which names
 * the password mechanisms; refused otherwise, since a password is never sent as a bearer token.
 */
export function parseAuthMechanisms(text: string, xoauth2 = false): ValueResult<readonly SmtpAuthMechanism[]> {
  const mechanisms: SmtpAuthMechanism[] = [];
  let listed = 0;
  for (const word of words(text)) {
    listed++;
    if (word.toUpperCase() === 'XOAUTH2') {
      if (xoauth2) continue;
      return refused(
        `lists XOAUTH2, which is not a password mechanism: for OAuth 2.0 set the server's authentication to OAUTH2 (it always signs in with XOAUTH2): list ${SMTP_AUTH_MECHANISMS.join(', ')}`,
      );
    }
    const mechanism = SMTP_AUTH_MECHANISMS.find((known) => known === word.toUpperCase());
    if (mechanism === undefined) {
      return refused(`must list mechanisms from ${[...SMTP_AUTH_MECHANISMS, ...(xoauth2 ? ['XOAUTH2'] : [])].join(', ')}, separated by spaces`);
    }
    if (!mechanisms.includes(mechanism)) mechanisms.push(mechanism);
  }
  return listed > 0 ? ok(mechanisms) : refused('must list at least one mechanism');
}
