/** Readers of single environment variables, shared by the settings modules of src/config. */

import { ConfigError } from './config-error.js';

export type Env = Readonly<Record<string, string | undefined>>;

export function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

/** The non-empty entries of a comma-separated list, each with its place in the list (from 1), by which errors name it. */
export function listEntries(raw: string): { entry: string; place: number }[] {
  return raw
    .split(',')
    .map((entry, index) => ({ entry: entry.trim(), place: index + 1 }))
    .filter(({ entry }) => entry !== '');
}

/** The places of the first value that occurs twice, so an error can name entries without their values. */
export function firstRepeat(values: readonly string[], places: readonly number[]): { first: number; later: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, value] of values.entries()) {
    const place = places[index] ?? index + 1;
    const first = seen.get(value);
    if (first !== undefined) return { first, later: place };
    seen.set(value, place);
  }
  return undefined;
}
