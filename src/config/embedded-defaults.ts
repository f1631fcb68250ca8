import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuthToken } from './auth-settings.js';
import type { SecretKey } from './secret-keys.js';
import { parseAuthTokens } from './auth-settings.js';
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

export async function embeddedSecretKey(dataDir: string): Promise<{ key: SecretKey; file: string; created: boolean }> {
  await mkdir(dataDir, { recursive: true });
  const file = path.resolve(dataDir, 'mail-secret-key');
  const { value, created } = await keptSecret(file, () => `dev:${randomBytes(32).toString('base64')}`);
  return { key: parseSecretKey(value, file), file, created };
}

export async function embeddedAdminToken(dataDir: string): Promise<{ tokens: AuthToken[]; file: string; created: boolean }> {
  await mkdir(dataDir, { recursive: true });
  const file = path.resolve(dataDir, 'admin-token');
  const { value, created } = await keptSecret(file, () => randomBytes(24).toString('base64url'));
  return { tokens: parseAuthTokens(`admin:admin:${value}`, file), file, created };
}
