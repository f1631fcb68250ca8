import { ConfigError } from './config-error.js';
import { listEntries, text, type Env } from './env-values.js';

/** An HTTP field name (RFC 9110 `token`), as a preflight's Access-Control-Request-Headers lists it. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * `CORS_ALLOWED_HEADERS`: request headers a browser on an allowed origin may send besides the ones
 * the service always allows (src/platform/http/security.ts), for a client or a tracing library
 * that adds its own. Comma-separated header names, lower-cased; unset: none.
 */
export function corsAllowedHeadersFrom(env: Env): readonly string[] {
  const names: string[] = [];
  for (const { entry, place } of listEntries(text(env, 'CORS_ALLOWED_HEADERS') ?? '')) {
    // `*` would be a wildcard in Access-Control-Allow-Headers: every header, named or not.
    if (entry === '*') throw new ConfigError('CORS_ALLOWED_HEADERS', `entry ${place}: name each header; "*" would allow any`);
    if (!HEADER_NAME.test(entry)) throw new ConfigError('CORS_ALLOWED_HEADERS', `entry ${place} is not a header name: "${entry}"`);
    const name = entry.toLowerCase();
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
