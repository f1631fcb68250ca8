import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { SecretKey } from '../../src/config/secret-keys';
import { SecretBox, SecretBoxError } from '../../src/platform/secrets/secret-box';

const CONTEXT = 'outgoing.password';

function key(id: string): SecretKey {
  return { id, key: randomBytes(32) };
}

/** The SecretBoxError `fn` throws; fails the test when it returns or throws anything else. */
function secretBoxError(fn: () => unknown): SecretBoxError {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    if (error instanceof SecretBoxError) return error;
    throw error;
  }
  throw new Error(`expected a SecretBoxError, got ${JSON.stringify(result)}`);
}

/** `stored` with one bit of one byte of part `index` (2 = IV, 3 = auth tag, 4 = ciphertext) flipped. */
function flipBit(stored: string, index: number, byte = 0): string {
  const parts = stored.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[byte % bytes.length] = (bytes[byte % bytes.length] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  const box = new SecretBox(key('k1'));

  it('decrypts what it encrypted, for any unicode text and context', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), (plaintext, context) => {
        expect(box.decrypt(box.encrypt(plaintext, context), context)).toBe(plaintext);
      }),
    );
  });

  it('writes v1.<key id>.<iv>.<tag>.<ciphertext> without the plaintext in it', () => {
    const plaintext = 'correct horse battery staple';
    const stored = new SecretBox(key('2026-q1')).encrypt(plaintext, CONTEXT);
    expect(stored).toMatch(/^v1\.2026-q1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(stored).not.toContain(plaintext);
    expect(stored).not.toContain(Buffer.from(plaintext).toString('base64url'));
  });

  it('encrypts the same plaintext differently every time (a fresh random IV)', () => {
    const stored = Array.from({ length: 50 }, () => box.encrypt('same password', CONTEXT));
    expect(new Set(stored).size).toBe(50);
    expect(new Set(stored.map((s) => s.split('.')[2])).size).toBe(50);
  });

  it('refuses a value encrypted under another key with the same id', () => {
    const other = new SecretBox(key('k1'));
    expect(secretBoxError(() => other.decrypt(box.encrypt('secret', CONTEXT), CONTEXT)).message).toMatch(/wrong key or tampered/);
  });

  it('refuses a value whose key id is not configured, naming the id', () => {
    const stored = new SecretBox(key('retired')).encrypt('secret', CONTEXT);
    expect(secretBoxError(() => box.decrypt(stored, CONTEXT)).message).toMatch(/"retired", which is not configured/);
  });

  it('refuses a value bound to another context', () => {
    const stored = box.encrypt('secret', 'incoming.password');
    secretBoxError(() => box.decrypt(stored, 'outgoing.password'));
  });

  it.each([
    ['IV', 2],
    ['auth tag', 3],
    ['ciphertext', 4],
  ])('refuses a value with one bit of its %s flipped', (_part, index) => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }), fc.nat(), (plaintext, byte) => {
        secretBoxError(() => box.decrypt(flipBit(box.encrypt(plaintext, CONTEXT), index, byte), CONTEXT));
      }),
    );
  });

  it('never returns anything but the original plaintext for an edited value', () => {
    // Some edits change only the unused bits of a base64url character and decode to the same bytes.
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 100 }),
        fc.nat(),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split('')),
        (plaintext, at, replacement) => {
          const stored = box.encrypt(plaintext, CONTEXT);
          const position = at % stored.length;
          const edited = stored.slice(0, position) + replacement + stored.slice(position + 1);
          try {
            expect(box.decrypt(edited, CONTEXT)).toBe(plaintext);
          } catch (error) {
            if (!(error instanceof SecretBoxError)) throw error;
          }
        },
      ),
    );
  });

  it.each([
    ['an empty value', ''],
    ['a plain password stored by mistake', 'hunter2-hunter2'],
    ['an unknown format version', 'v2.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a missing part', 'v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['an extra part', 'v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA.AAAA'],
    ['an empty auth tag', 'v1.k1.AAAAAAAAAAAAAAAA..AAAA'],
    ['an empty IV', 'v1.k1..AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
  ])('refuses %s with a SecretBoxError', (_case, stored) => {
    secretBoxError(() => box.decrypt(stored, CONTEXT));
  });

  it('refuses a shortened auth tag', () => {
    const parts = box.encrypt('secret', CONTEXT).split('.');
    parts[3] = Buffer.from(parts[3] ?? '', 'base64url')
      .subarray(0, 4)
      .toString('base64url');
    secretBoxError(() => box.decrypt(parts.join('.'), CONTEXT));
  });

  it('never puts the plaintext or the key in an error message', () => {
    const secretKey = key('k1');
    const writer = new SecretBox(secretKey);
    const plaintext = 'the-plaintext-password';
    const stored = writer.encrypt(plaintext, CONTEXT);
    for (const attempt of [() => new SecretBox(key('k1')).decrypt(stored, CONTEXT), () => writer.decrypt(flipBit(stored, 4), CONTEXT)]) {
      const message = secretBoxError(attempt).message;
      expect(message).not.toContain(plaintext);
      expect(message).not.toContain(secretKey.key.toString('base64'));
    }
  });

  describe('key rotation', () => {
    const oldKey = key('old');
    const newKey = key('new');
    const storedUnderOld = new SecretBox(oldKey).encrypt('kept password', CONTEXT);

    it('still decrypts a value written with an old key given as a read key', () => {
      expect(new SecretBox(newKey, [oldKey]).decrypt(storedUnderOld, CONTEXT)).toBe('kept password');
    });

    it('writes new values with the write key only', () => {
      const stored = new SecretBox(newKey, [oldKey]).encrypt('new password', CONTEXT);
      expect(stored.split('.')[1]).toBe('new');
      expect(new SecretBox(newKey).decrypt(stored, CONTEXT)).toBe('new password');
      secretBoxError(() => new SecretBox(oldKey).decrypt(stored, CONTEXT));
    });

    it('refuses a value written with an old key once that key is no longer given', () => {
      secretBoxError(() => new SecretBox(newKey).decrypt(storedUnderOld, CONTEXT));
    });
  });
});
