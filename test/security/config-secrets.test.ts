/**
 * Issue 10, class 7 (configuration part): an error about a setting that holds a secret names the
 * variable and, in a list, the entry's place, and never repeats the secret, however the value is
 * malformed. Start-up errors end up in logs and CI output.
 */
import fc from 'fast-check';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig, loadMigrationConfig, loadRotationConfig } from '../../src/config/env';
import { loadMailSessionSource } from '../../src/settings-source/source-apply';
import { mailSessionSourceFrom } from '../../src/config/mail-source';
import { configError } from '../support/config-error';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db:5432/mail',
  MAIL_SECRET_KEY: KEY_A,
  AUTH_TOKENS: 'ops:admin:ops-token-0123456789abcdef',
};
const VALID_TOKENS = ['ops:admin:ops-token-0123456789abcdef', 'ci:viewer:ci-token-0123456789abcdef', 'audit:viewer:audit-token-0123456789ab'];

/** A recognisable secret: 16-40 visible ASCII characters, no list or field separators. */
const secret = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!$%&*+=/?#@'.split('')),
  minLength: 16,
  maxLength: 40,
});

/** A secret that can sit in a URL's userinfo or query without ending it. */
const urlSecret = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'.split('')),
  minLength: 16,
  maxLength: 40,
});

/** Fails when `message` holds the secret or any 10 characters of it in a row. */
function expectNoSecret(message: string, value: string): void {
  for (let i = 0; i + 10 <= value.length; i++) expect(message).not.toContain(value.slice(i, i + 10));
}

/** Ways to get an AUTH_TOKENS entry wrong with a secret in it; a function of the secret. */
const MALFORMED_TOKEN_ENTRIES: [string, (s: string) => string][] = [
  ['a bare token, without name and role', (s) => s],
  ['a token where the role should be', (s) => `deploy:${s}`],
  ['an unknown role', (s) => `deploy:owner:${s}`],
  ['a token too short', (s) => `deploy:admin:${s.slice(0, 15)}`],
  ['a token with a space in it', (s) => `deploy:admin:${s} ${s}`],
  ['a secret where the name should be, with a space', (s) => `${s.slice(0, 8)} ${s.slice(8)}:admin:deploy-token-0123456789`],
  ['a reserved name', (s) => `environment:admin:${s}`],
];

describe('AUTH_TOKENS errors', () => {
  it.each(MALFORMED_TOKEN_ENTRIES)('name the variable and the entry, not the token, for %s', (_why, malformed) => {
    fc.assert(
      fc.property(secret, fc.nat({ max: VALID_TOKENS.length }), (value, at) => {
        const entries = [...VALID_TOKENS];
        entries.splice(at, 0, malformed(value));
        const error = configError(() => loadConfig({ ...PRODUCTION, AUTH_TOKENS: entries.join(',') }));
        expect(error.message).toMatch(new RegExp(`^AUTH_TOKENS: entry ${at + 1}: `));
        expectNoSecret(error.message, value);
      }),
    );
  });

  it('name both entries, not the token, when a token is given twice', () => {
    fc.assert(
      fc.property(secret, (value) => {
        const error = configError(() => loadConfig({ ...PRODUCTION, AUTH_TOKENS: `a:admin:${value},${VALID_TOKENS[1]},b:viewer:${value}` }));
        expect(error.message).toMatch(/^AUTH_TOKENS: entry 3: the same token as entry 1/);
        expectNoSecret(error.message, value);
      }),
    );
  });
});

describe('MAIL_SECRET_KEY and MAIL_SECRET_KEYS errors', () => {
  /** Values near a key: the wrong length, a bad id, stray characters. */
  const nearKey = fc.oneof(
    fc
      .uint8Array({ minLength: 12, maxLength: 48 })
      .filter((b) => b.length !== 32)
      .map((b) => Buffer.from(b).toString('base64')),
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `${Buffer.from(b).toString('base64')}!`),
    fc.tuple(secret, fc.uint8Array({ minLength: 32, maxLength: 32 })).map(([id, b]) => `${id}${id}${id}:${Buffer.from(b).toString('base64')}`),
    secret,
  );

  it('name MAIL_SECRET_KEY, never the value', () => {
    fc.assert(
      fc.property(nearKey, (value) => {
        const error = configError(() => loadConfig({ ...PRODUCTION, MAIL_SECRET_KEY: value }));
        expect(error.message).toMatch(/^MAIL_SECRET_KEY: /);
        expectNoSecret(error.message, value);
      }),
    );
  });

  it('name MAIL_SECRET_KEYS and the entry, never a key', () => {
    fc.assert(
      fc.property(nearKey, fc.nat({ max: 2 }), (value, at) => {
        const keys = [`k3:${KEY_A}`, `k2:${KEY_B}`];
        keys.splice(at, 0, value);
        const env = { ...PRODUCTION, MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEYS: keys.join(',') };
        for (const error of [configError(() => loadConfig(env)), configError(() => loadRotationConfig(env))]) {
          expect(error.message).toMatch(new RegExp(`^MAIL_SECRET_KEYS: entry ${at + 1}: `));
          expectNoSecret(error.message, value);
          expectNoSecret(error.message, KEY_A);
          expectNoSecret(error.message, KEY_B);
        }
      }),
    );
  });

  it('name both entries, never a key, when a key id is given twice', () => {
    const error = configError(() => loadConfig({ ...PRODUCTION, MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEYS: `k1:${KEY_A},k1:${KEY_B}` }));
    expect(error.message).toMatch(/^MAIL_SECRET_KEYS: entry 2: the same key id as entry 1/);
    expectNoSecret(error.message, KEY_A);
    expectNoSecret(error.message, KEY_B);
  });
});

describe('errors about URLs that may carry a password', () => {
  const badDatabaseUrls: ((s: string) => string)[] = [(s) => `mysql://app:${s}@db:3306/mail`, (s) => `postgresql:/app:${s}@db/mail`, (s) => `app:${s}@db/mail`];
  const badJwksUrls: ((s: string) => string)[] = [
    (s) => `ftp://client:${s}@id.example.com/jwks`,
    (s) => `https://client:${s}@[id.example.com/jwks`,
    (s) => `id.example.com/jwks?key=${s}`,
  ];

  it('name DATABASE_URL, never its password, in the service, migrations and key rotation', () => {
    fc.assert(
      fc.property(secret, fc.constantFrom(...badDatabaseUrls), (value, url) => {
        const env = { ...PRODUCTION, DATABASE_URL: url(value), MAIL_SECRET_KEYS: `k1:${KEY_A}`, MAIL_SECRET_KEY: undefined };
        for (const error of [configError(() => loadConfig(env)), configError(() => loadMigrationConfig(env)), configError(() => loadRotationConfig(env))]) {
          expect(error.message).toMatch(/^DATABASE_URL: /);
          expectNoSecret(error.message, value);
        }
      }),
    );
  });

  it('name AUTH_JWKS_URL, never a credential in it', () => {
    fc.assert(
      fc.property(urlSecret, fc.constantFrom(...badJwksUrls), (value, url) => {
        const error = configError(() =>
          loadConfig({ ...PRODUCTION, AUTH_JWKS_URL: url(value), AUTH_ISSUER: 'https://id.example.com/', AUTH_AUDIENCE: 'mail' }),
        );
        expect(error.message).toMatch(/^AUTH_JWKS_URL: /);
        expectNoSecret(error.message, value);
      }),
    );
  });
});

describe('errors about the mail server passwords given in MAIL_* variables', () => {
  it.each(['MAIL_OUTGOING_PASSWORD', 'MAIL_INCOMING_PASSWORD'] as const)('name %s, never the password', async (variable) => {
    await fc.assert(
      fc.asyncProperty(
        secret,
        fc.constantFrom(
          (s: string) => `${s}\r\n${s}`,
          (s: string) => s.repeat(Math.ceil(1100 / s.length)),
        ),
        async (value, malformed) => {
          const source = mailSessionSourceFrom({
            file: undefined,
            managed: false,
            variables: {
              MAIL_OUTGOING_HOST: 'smtp.example.com',
              MAIL_OUTGOING_USER: 'app',
              MAIL_INCOMING_HOST: 'imap.example.com',
              MAIL_INCOMING_USER: 'app',
              [variable]: malformed(value),
            },
          });
          if (!source) throw new Error('expected a mail settings source');
          const error = await loadMailSessionSource(source).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
          expectNoSecret((error as ConfigError).message, value);
        },
      ),
      { numRuns: 30 },
    );
  });
});
