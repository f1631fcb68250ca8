import { ConfigError } from './config-error.js';
import { text, type Env } from './env-values.js';

/** `LOG_FORMAT`: `auto` writes human-readable lines to a terminal outside production, JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

const FORMATS: readonly LogFormat[] = ['auto', 'json', 'pretty'];

export function logFormatFrom(env: Env): LogFormat {
  const raw = text(env, 'LOG_FORMAT')?.toLowerCase() ?? 'auto';
  const format = FORMATS.find((candidate) => candidate === raw);
  if (format === undefined) throw new ConfigError('LOG_FORMAT', `expected auto, json or pretty, got "${raw}"`);
  return format;
}
