/**
 * Docker and Kubernetes secrets: `X_FILE` names a file whose content is the value of `X`, so that
 * a secret need not sit in the environment (where `docker inspect` and /proc show it).
 */

import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { text, type Env } from './env-values.js';

/** The variables that may also be given as `<name>_FILE`. */
export const SECRET_FILE_VARIABLES = [
  'DATABASE_URL',
  'MAIL_SECRET_KEY',
  'MAIL_SECRET_KEYS',
  'AUTH_TOKENS',
  'MAIL_OUTGOING_PASSWORD',
  'MAIL_INCOMING_PASSWORD',
  'MAIL_OUTGOING_OAUTH2_CLIENT_SECRET',
  'MAIL_OUTGOING_OAUTH2_REFRESH_TOKEN',
  'MAIL_OUTGOING_OAUTH2_PRIVATE_KEY',
  'MAIL_INCOMING_OAUTH2_CLIENT_SECRET',
  'MAIL_INCOMING_OAUTH2_REFRESH_TOKEN',
  'MAIL_INCOMING_OAUTH2_PRIVATE_KEY',
  'INBOUND_WEBHOOK_SECRET',
] as const;

/** A secret is a line or a short list; a bigger file is a wrong path (a log, a device), not a secret. */
const MAX_SECRET_FILE_BYTES = 65_536;

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied (the file must be readable by the user the service runs as)',
  EPERM: 'permission denied (the file must be readable by the user the service runs as)',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/** Reads one secret file; errors name the variable and the path, never the content. */
function readSecretFile(variable: string, file: string): string {
  let content: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new ConfigError(variable, `cannot read ${file}: not a regular file`);
    if (stats.size > MAX_SECRET_FILE_BYTES)
      throw new ConfigError(variable, `cannot read ${file}: ${stats.size} bytes, more than a secret (at most ${MAX_SECRET_FILE_BYTES})`);
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError(variable, `cannot read ${file}: ${READ_PROBLEMS[code] ?? code}`);
  }
  // Files written by `echo` or an editor end with a newline that is not part of the secret.
  const value = content.replace(/\r?\n$/, '');
  if (value.trim() === '') throw new ConfigError(variable, `${file} is empty`);
  return value;
}

/**
 * A copy of `env` in which every `X_FILE` that is set is replaced by `X`, read from that file;
 * `X` and `X_FILE` together are refused. Applying it twice changes nothing.
 */
export function withSecretFiles(env: Env): Env {
  const resolved: Record<string, string | undefined> = { ...env };
  for (const name of SECRET_FILE_VARIABLES) {
    const fileVariable = `${name}_FILE`;
    const file = text(env, fileVariable);
    if (file === undefined) continue;
    if (text(env, name) !== undefined) throw new ConfigError(fileVariable, `set either ${name} or ${fileVariable}, not both`);
    resolved[name] = readSecretFile(fileVariable, file);
    resolved[fileVariable] = undefined;
  }
  return resolved;
}
