import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ConfigError } from './config-error.js';
import { text, type Env } from './env-values.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * `MAIL_TLS_CA_FILE`: a PEM bundle of certificate authorities trusted for every mail connection
 * (SMTP, POP3, IMAP; connection tests, sends, live transports) besides the system store, e.g. a
 * company CA. Read once at start. Unset: the system store only. Unreadable, or holding no valid
 * certificate: refused, naming the variable. Returns the certificates as PEM, one per entry.
 */
export function mailTlsCaFrom(env: Env): readonly string[] | undefined {
  const file = text(env, 'MAIL_TLS_CA_FILE');
  if (file === undefined) return undefined;
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'read error';
    throw new ConfigError('MAIL_TLS_CA_FILE', `cannot read ${file} (${code}): expected a readable PEM file of CA certificates`);
  }
  const blocks = content.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new ConfigError('MAIL_TLS_CA_FILE', `${file} holds no PEM certificate (no -----BEGIN CERTIFICATE----- block): expected CA certificates in PEM`);
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new ConfigError('MAIL_TLS_CA_FILE', `${file}: certificate ${index + 1} of ${blocks.length} is not a valid PEM certificate`);
    }
  });
  return Object.freeze(blocks);
}
