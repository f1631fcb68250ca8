import { ConfigError } from './config-error.js';
import { firstRepeat, listEntries, text, type Env } from './env-values.js';

export interface SecretKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * `MAIL_SECRET_KEY`: 32 bytes in base64, optionally prefixed by a key id (`id:base64`). `entry`
 * (1-based) names the key's place in a list; the value itself never appears in an error.
 */
export function parseSecretKey(raw: string, variable = 'MAIL_SECRET_KEY', entry?: number): SecretKey {
  const match = /^(?:([A-Za-z0-9_-]{1,32}):)?([A-Za-z0-9+/=_-]+)$/.exec(raw.trim());
  const key = match ? Buffer.from(match[2] ?? '', 'base64') : Buffer.alloc(0);
  if (!match || key.length !== 32) {
    const where = entry === undefined ? '' : `entry ${entry}: `;
    throw new ConfigError(variable, `${where}expected 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`), optionally as \`keyid:base64\``);
  }
  return { id: match[1] ?? 'k1', key };
}

/** `MAIL_SECRET_KEYS` (`k2:base64,k1:base64`, first one writes) or the single `MAIL_SECRET_KEY`. */
export function secretKeysFrom(env: Env): SecretKey[] | undefined {
  const single = text(env, 'MAIL_SECRET_KEY');
  const several = text(env, 'MAIL_SECRET_KEYS');
  if (single !== undefined && several !== undefined) {
    throw new ConfigError('MAIL_SECRET_KEYS', 'set either MAIL_SECRET_KEYS or MAIL_SECRET_KEY, not both');
  }
  if (several === undefined) return single === undefined ? undefined : [parseSecretKey(single)];
  const entries = listEntries(several);
  const keys = entries.map(({ entry, place }) => parseSecretKey(entry, 'MAIL_SECRET_KEYS', place));
  if (keys.length === 0) throw new ConfigError('MAIL_SECRET_KEYS', 'no keys given');
  const repeated = firstRepeat(
    keys.map((k) => k.id),
    entries.map((e) => e.place),
  );
  if (repeated)
    throw new ConfigError(
      'MAIL_SECRET_KEYS',
      `entry ${repeated.later}: the same key id as entry ${repeated.first}; key ids must be unique (write them as \`id:base64\`)`,
    );
  return keys;
}
