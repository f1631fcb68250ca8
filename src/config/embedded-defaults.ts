import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuthToken } from './auth-settings.js';
import type { SecretKey } from './secret-keys.js';
import { parseAuthTokens } from './auth-settings.js';
import { ConfigError } from './config-error.js';
import { firstRepeat, listEntries } from './env-values.js';
import { parseSecretKey } from './secret-keys.js';

/**
 * Secrets for the embedded development default, kept in the data directory so that restarts
 * keep decrypting stored passwords and keep the same admin token. Never used in production.
 */
async function keptSecret(file: string, make: () => string): Promise<{ value: string; created: boolean }> {
  try {
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = make();
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, created: true };
}

/** The id of the first generated development key: the id a key without one gets (see parseSecretKey). */
export const FIRST_KEY_ID = 'k1';

/** The development key ring's file under DATA_DIR. */
export function keyRingFile(dataDir: string): string {
  return path.resolve(dataDir, 'mail-secret-key');
}

/** A new random key. */
export function generateSecretKey(id: string): SecretKey {
  return { id, key: randomBytes(32) };
}

/** The id after the highest `k<n>` in `keys`: k2 after k1 (or after an older ring's `dev`). */
export function nextKeyId(keys: readonly SecretKey[]): string {
  const numbers = keys.map((key) => /^k(\d+)$/.exec(key.id)?.[1]).map((n) => (n === undefined ? 1 : Number(n)));
  return `k${Math.max(0, ...numbers) + 1}`;
}

function format(keys: readonly SecretKey[]): string {
  return keys.map((key) => `${key.id}:${key.key.toString('base64')}\n`).join('');
}

function parse(text: string, file: string): SecretKey[] {
  const entries = listEntries(text.replace(/\n/g, ','));
  const keys = entries.map(({ entry, place }) => parseSecretKey(entry, file, place));
  if (keys.length === 0) throw new ConfigError(file, 'holds no key');
  const repeated = firstRepeat(
    keys.map((key) => key.id),
    entries.map((entry) => entry.place),
  );
  if (repeated) throw new ConfigError(file, `entry ${repeated.later}: the same key id as entry ${repeated.first}`);
  return keys;
}

/**
 * The development key ring `DATA_DIR/mail-secret-key`: one `id:base64` key per line, the first
 * encrypts, all decrypt (as MAIL_SECRET_KEYS). Generated with one key, `k1`, on first use;
 * `secrets:rotate` on the embedded database puts a new key first.
 */
export async function embeddedKeyRing(dataDir: string): Promise<{ keys: SecretKey[]; file: string; created: boolean }> {
  await mkdir(dataDir, { recursive: true });
  const file = keyRingFile(dataDir);
  const { value, created } = await keptSecret(file, () => format([generateSecretKey(FIRST_KEY_ID)]).trim());
  return { keys: parse(value, file), file, created };
}

/** Replaces the key ring (through a new file renamed over the old one: never half written). */
export async function writeEmbeddedKeyRing(dataDir: string, keys: readonly SecretKey[]): Promise<string> {
  const file = keyRingFile(dataDir);
  const pending = `${file}.new`;
  await writeFile(pending, format(keys), { mode: 0o600 });
  await rename(pending, file);
  return file;
}

export async function embeddedAdminToken(dataDir: string): Promise<{ tokens: AuthToken[]; file: string; created: boolean }> {
  await mkdir(dataDir, { recursive: true });
  const file = path.resolve(dataDir, 'admin-token');
  const { value, created } = await keptSecret(file, () => randomBytes(24).toString('base64url'));
  return { tokens: parseAuthTokens(`admin:admin:${value}`, file), file, created };
}
