import { CidrSyntaxError, DEFAULT_NETWORK_DENY, formatCidr, parseCidr, type NetworkPolicySettings } from '../platform/network/network-policy.js';
import { ConfigError } from './config-error.js';
import { text, type Env } from './env-values.js';

const NETWORK_EXAMPLE = 'e.g. 10.0.0.0/8, 192.0.2.25 or 2001:db8::/32';

/** A value as quoted in a message: control characters escaped, at most 80 characters so written. */
function quoted(value: string): string {
  let shown = value.slice(0, 80);
  while (JSON.stringify(shown).length > 80) shown = shown.slice(0, -1);
  return JSON.stringify(shown) + (shown.length < value.length ? '...' : '');
}

/** Comma-separated CIDR networks, each checked; `keywords` expand to lists of their own. */
function networkList(variable: string, raw: string, keywords: Readonly<Record<string, readonly string[]>>): string[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new ConfigError(variable, `no networks given: expected CIDR networks, comma-separated, ${NETWORK_EXAMPLE}`);
  const networks = entries.flatMap((entry) => {
    const keyword = entry.toLowerCase();
    // Own keys only: `__proto__` or `constructor` must read as a bad entry, not as Object's.
    const expanded = Object.hasOwn(keywords, keyword) ? keywords[keyword] : undefined;
    if (expanded) return [...expanded];
    try {
      return [formatCidr(parseCidr(entry))];
    } catch (error) {
      const why = error instanceof CidrSyntaxError ? error.message : 'not a CIDR network';
      throw new ConfigError(variable, `expected CIDR networks, comma-separated, ${NETWORK_EXAMPLE}; ${quoted(entry)}: ${why}`);
    }
  });
  return [...new Set(networks)];
}

/**
 * `MAIL_NETWORK_DENY`: networks never connected to; unset: `DEFAULT_NETWORK_DENY`. `default`
 * stands for that list (`default,10.0.0.0/8` adds to it); `none` alone denies nothing.
 * `MAIL_NETWORK_ALLOW`: when set, only these networks (less the denied ones) are connected to.
 */
export function networkPolicyFrom(env: Env): NetworkPolicySettings {
  const rawDeny = text(env, 'MAIL_NETWORK_DENY');
  const rawAllow = text(env, 'MAIL_NETWORK_ALLOW');
  let deny: readonly string[] = DEFAULT_NETWORK_DENY;
  if (rawDeny !== undefined) {
    if (rawDeny.toLowerCase() === 'none') deny = [];
    else deny = networkList('MAIL_NETWORK_DENY', rawDeny, { default: DEFAULT_NETWORK_DENY });
  }
  const allow = rawAllow === undefined ? undefined : networkList('MAIL_NETWORK_ALLOW', rawAllow, {});
  return Object.freeze({ deny: Object.freeze([...deny]), ...(allow && { allow: Object.freeze(allow) }) });
}
