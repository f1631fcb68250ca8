import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKey } from '../../config/secret-keys.js';

const FORMAT = 'v1';
const IV_BYTES = 12;
// Without an explicit length, Node's GCM decipher accepts a tag cut down to 4 bytes, which is forgeable.
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * AES-256-GCM encryption of secrets at rest. A stored value reads
 * `v1.<key id>.<iv>.<auth tag>.<ciphertext>` (base64url parts): a fresh random IV per write, and
 * the key id so that keys can rotate. `context` (e.g. `outgoing.password`) is bound as additional
 * authenticated data, so a ciphertext copied into another column does not decrypt.
 */
export class SecretBox {
  private readonly keys: ReadonlyMap<string, Buffer>;

  /** @param writeKey encrypts new values; `readKeys` (plus `writeKey`) decrypt old ones. */
  constructor(
    private readonly writeKey: SecretKey,
    readKeys: readonly SecretKey[] = [],
  ) {
    this.keys = new Map([...readKeys, writeKey].map((k) => [k.id, k.key]));
  }

  /** The id of the key new values are encrypted with. */
  get writeKeyId(): string {
    return this.writeKey.id;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.writeKey.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.writeKey.id, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws `SecretBoxError` (never returns garbage) for a wrong key, a tampered value or an unknown format. */
  decrypt(stored: string, context: string): string {
    const parts = stored.split('.');
    const [format, keyId, iv, tag, ciphertext] = parts;
    if (parts.length !== 5 || format !== FORMAT || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new SecretBoxError(`stored secret for ${context} is not in a known format`);
    }
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`stored secret for ${context} was encrypted with key "${keyId}", which is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(`stored secret for ${context} does not decrypt with key "${keyId}" (wrong key or tampered value)`);
    }
  }
}
