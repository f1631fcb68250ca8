import { PROPERTY_KEYS, VALUE_HINTS, type PropertyValueKind } from './property-keys';

// As src/javamail/host-name.ts judges a host: RFC 1123 labels, a last label that cannot read as a
// number (the resolver would take `127.1` as an address), or an IP address. Punycode is left to the service.
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const NUMERIC_LAST_LABEL = /(?:^|\.)(?:[0-9]+|0[xX][0-9A-Fa-f]*)$/;

function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function isHostName(value: string): boolean {
  if (isIPv4(value)) return true;
  if (value.includes(':')) return /^[0-9A-Fa-f:.]+$/.test(value) && value.split('::').length <= 2;
  if (value.length > 253 || !value.split('.').every((label) => LABEL.test(label))) return false;
  return !NUMERIC_LAST_LABEL.test(value);
}

const VALID: Readonly<Record<PropertyValueKind, (value: string) => boolean>> = {
  milliseconds: (v) => /^\d{1,6}$/.test(v) && Number(v) >= 1 && Number(v) <= 600_000,
  boolean: (v) => v === 'true' || v === 'false',
  hosts: (v) => v === '*' || v.split(' ').every(isHostName),
  protocols: (v) => v.split(' ').every((p) => ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].includes(p)),
  host: isHostName,
  address: (v) => /^[^\s@]+@[^\s@]+$/.test(v),
  mechanisms: (v) => v.split(' ').every((m) => ['PLAIN', 'LOGIN', 'CRAM-MD5'].includes(m)),
  folder: (v) => v.length >= 1 && v.length <= 200 && !/[*%"\\]/.test(v),
};

/** What is wrong with a row as typed, before the service is asked (it checks the same, and more). */
export function propertyProblems(key: string, value: string): { key?: string; value?: string } {
  const trimmedKey = key.trim();
  if (trimmedKey === '' && value === '') return {};
  if (trimmedKey === '') return { key: 'Give the key of this value, or remove the row.' };
  const kind = PROPERTY_KEYS.get(trimmedKey);
  if (kind === undefined) {
    const other = [...PROPERTY_KEYS.keys()].find((k) => k.toLowerCase() === trimmedKey.toLowerCase());
    return {
      key: other ? `Keys are case-sensitive: did you mean ${other}?` : `${trimmedKey} is not a property this service supports: pick one from the list.`,
    };
  }
  if (!VALID[kind](value.trim())) return { value: `Expected ${VALUE_HINTS[kind]}.` };
  return {};
}
