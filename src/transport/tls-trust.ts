import { rootCertificates } from 'node:tls';

/** The certificate authorities mail connections trust. */
export interface TlsTrust {
  /** Node's `ca` option: the system store plus the extra authorities; unset: Node's default store. */
  readonly ca: readonly string[] | undefined;
}

export const SYSTEM_TRUST: TlsTrust = Object.freeze({ ca: undefined });

/**
 * Trust in `extra` (PEM certificates, from `MAIL_TLS_CA_FILE`) in addition to the system store:
 * Node's `ca` replaces its default store, so the bundled roots are listed too.
 */
export function tlsTrust(extra: readonly string[] | undefined): TlsTrust {
  if (!extra || extra.length === 0) return SYSTEM_TRUST;
  return Object.freeze({ ca: Object.freeze([...rootCertificates, ...extra]) });
}
