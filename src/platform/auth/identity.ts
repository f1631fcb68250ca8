/**
 * How callers are named in `updatedBy`, history rows, logs and per-caller rate limits. Three
 * namespaces that cannot overlap:
 *
 * - a static token (`AUTH_TOKENS`): its configured name, as is (`alice`): letters, digits and
 *   `. _ @ -`, never a colon, never one of SERVICE_WRITER_NAMES;
 * - an OpenID Connect access token: `oidc:` and the name claim (`oidc:alice`), or `oidc:sub:`
 *   and the subject when the name claim is missing, not printable or contains a colon;
 * - the service itself: SERVICE_WRITER_NAMES.
 *
 * Imports nothing: config.ts and the services use it.
 */

/** Names the service writes as `updatedBy` for itself (mail settings seeded or managed from a source). */
export const SERVICE_WRITER_NAMES: readonly string[] = Object.freeze(['environment', 'file']);

/** Whether a static token may not take `name`: one the service writes for itself, in any case. */
export function isReservedCallerName(name: string): boolean {
  return SERVICE_WRITER_NAMES.includes(name.toLowerCase());
}

const OIDC_PREFIX = 'oidc:';

/** Printable and bounded, fit for a log line and `updatedBy`. */
function printable(value: unknown): value is string {
  return typeof value === 'string' && /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,128}$/u.test(value);
}

/**
 * The caller name of an access token: `oidc:<name>` from the name claim, else `oidc:sub:<sub>`;
 * undefined when the subject is not printable either. The two forms cannot meet: a name with a
 * colon is never used as such.
 */
export function oidcCallerName(nameClaim: unknown, subject: unknown): string | undefined {
  if (printable(nameClaim) && !nameClaim.includes(':')) return `${OIDC_PREFIX}${nameClaim}`;
  if (printable(subject)) return `${OIDC_PREFIX}sub:${subject}`;
  return undefined;
}
