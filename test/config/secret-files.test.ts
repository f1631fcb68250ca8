import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, loadMigrationConfig, loadRotationConfig } from '../../src/config/env';
import { SECRET_FILE_VARIABLES } from '../../src/config/secret-files';
import { configError } from '../support/config-error';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OLD_KEY = Buffer.alloc(32, 8).toString('base64');
const URL = 'postgresql://app:s3cret@db:5432/mail';
const TOKENS = 'alice:admin:alice-token-0123456789';
const PLAIN = { NODE_ENV: 'production', DATABASE_URL: URL, MAIL_SECRET_KEY: KEY, AUTH_TOKENS: TOKENS };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'secret-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to a fresh file, as a mounted Docker or Kubernetes secret. */
function secretFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('secrets given as files (X_FILE)', () => {
  it('reads DATABASE_URL, MAIL_SECRET_KEY and AUTH_TOKENS from files as if they were set directly', () => {
    const fromFiles = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL_FILE: secretFile('database_url', `${URL}\n`),
      MAIL_SECRET_KEY_FILE: secretFile('mail_secret_key', `${KEY}\n`),
      AUTH_TOKENS_FILE: secretFile('auth_tokens', `${TOKENS}\n`),
    });
    expect(fromFiles).toEqual(loadConfig(PLAIN));
    expect(fromFiles).toMatchObject({
      databaseUrl: URL,
      secretKey: { id: 'k1', key: Buffer.from(KEY, 'base64') },
      authTokens: [{ name: 'alice', role: 'admin' }],
    });
  });

  it('trims one trailing newline, also a Windows one, and nothing else of the value', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    expect(loadConfig({ ...PLAIN, MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEY_FILE: secretFile('crlf', `k9:${key}\r\n`) }).secretKey).toEqual({
      id: 'k9',
      key: Buffer.from(key, 'base64'),
    });
    expect(loadMigrationConfig({ DATABASE_URL_FILE: secretFile('no-newline', URL) }).databaseUrl).toBe(URL);
  });

  it('gives the migration and rotation commands DATABASE_URL_FILE and MAIL_SECRET_KEYS_FILE', () => {
    const keys = `k2:${KEY},k1:${OLD_KEY}\n`;
    const rotation = loadRotationConfig({ DATABASE_URL_FILE: secretFile('rotation_url', URL), MAIL_SECRET_KEYS_FILE: secretFile('keys', keys) });
    expect(rotation.databaseUrl).toBe(URL);
    expect(rotation.secretKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
    const service = loadConfig({ ...PLAIN, MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEYS_FILE: secretFile('service_keys', keys) });
    expect(service.secretKey?.id).toBe('k2');
    expect(service.secretReadKeys.map((k) => k.id)).toEqual(['k1']);
  });

  it.each(SECRET_FILE_VARIABLES)('refuses %s together with its _FILE form, naming both', (name) => {
    const keyVariables = name === 'MAIL_SECRET_KEYS' ? { MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEYS: `k1:${KEY}` } : {};
    const oauth2Secret = name.includes('_OAUTH2_') ? { [name]: 'oauth2-secret' } : {};
    const password = name.endsWith('_PASSWORD') ? { [name]: 'mail-password' } : {};
    const webhook =
      name === 'INBOUND_WEBHOOK_SECRET' ? { INBOUND_WEBHOOK_URL: 'https://app.example.com/hooks/mail', [name]: 'whsec_0123456789abcdef0123456789' } : {};
    const env: Record<string, string | undefined> = { ...PLAIN, ...keyVariables, ...oauth2Secret, ...password, ...webhook };
    const value = env[name];
    expect(value).toBeDefined();
    const error = configError(() => loadConfig({ ...env, [`${name}_FILE`]: secretFile(`both-${name}`, value ?? '') }));
    expect(error.message).toBe(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
  });

  it('reads the OAuth 2.0 secrets of the MAIL_* settings from their _FILE forms', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
    const config = loadConfig({
      ...PLAIN,
      MAIL_OUTGOING_HOST: 'smtp.example.com',
      MAIL_OUTGOING_OAUTH2_CLIENT_SECRET_FILE: secretFile('client_secret', 'from-a-file\n'),
      MAIL_INCOMING_OAUTH2_PRIVATE_KEY_FILE: secretFile('private_key', pem),
    });
    expect(config.mailSessionSource).toMatchObject({
      kind: 'ENVIRONMENT',
      variables: { MAIL_OUTGOING_OAUTH2_CLIENT_SECRET: 'from-a-file', MAIL_INCOMING_OAUTH2_PRIVATE_KEY: pem.trimEnd() },
    });
  });

  it("reads the mail servers' passwords from MAIL_OUTGOING_PASSWORD_FILE and MAIL_INCOMING_PASSWORD_FILE", () => {
    const config = loadConfig({
      ...PLAIN,
      MAIL_OUTGOING_HOST: 'smtp.example.com',
      MAIL_OUTGOING_PASSWORD_FILE: secretFile('smtp_password', 'smtp pass with spaces\n'),
      MAIL_INCOMING_PASSWORD_FILE: secretFile('imap_password', 'imap-pass\r\n'),
    });
    expect(config.mailSessionSource).toMatchObject({
      kind: 'ENVIRONMENT',
      variables: { MAIL_OUTGOING_PASSWORD: 'smtp pass with spaces', MAIL_INCOMING_PASSWORD: 'imap-pass' },
    });
  });

  it('names the variable and the path of a file that does not exist', () => {
    const missing = path.join(dir, 'missing', 'auth_tokens');
    const error = configError(() => loadConfig({ ...PLAIN, AUTH_TOKENS: undefined, AUTH_TOKENS_FILE: missing }));
    expect(error.message).toBe(`AUTH_TOKENS_FILE: cannot read ${missing}: no such file`);
  });

  it('refuses a directory, an empty file and a file too big to be a secret, without showing any content', () => {
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    expect(configError(() => loadMigrationConfig({ DATABASE_URL_FILE: folder })).message).toBe(`DATABASE_URL_FILE: cannot read ${folder}: not a regular file`);
    const empty = secretFile('empty', '\n');
    expect(configError(() => loadConfig({ ...PLAIN, MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEY_FILE: empty })).message).toBe(
      `MAIL_SECRET_KEY_FILE: ${empty} is empty`,
    );
    const big = secretFile('big', 'leaked-content-'.repeat(5_000));
    const error = configError(() => loadConfig({ ...PLAIN, AUTH_TOKENS: undefined, AUTH_TOKENS_FILE: big }));
    expect(error.message).toMatch(/^AUTH_TOKENS_FILE: cannot read .*big: 75000 bytes, more than a secret/);
    expect(error.message).not.toContain('leaked-content');
  });

  it('does not show the content of a file that holds a wrong value', () => {
    const wrong = secretFile('wrong-key', 'this-is-the-secret-content\n');
    const error = configError(() => loadConfig({ ...PLAIN, MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEY_FILE: wrong }));
    expect(error.message).toMatch(/^MAIL_SECRET_KEY: expected 32 random bytes in base64/);
    expect(error.message).not.toContain('this-is-the-secret-content');
  });

  it('leaves the environment it was given unchanged', () => {
    const env = { ...PLAIN, AUTH_TOKENS: undefined, AUTH_TOKENS_FILE: secretFile('untouched', TOKENS) };
    const before = { ...env };
    loadConfig(env);
    expect(env).toEqual(before);
  });
});
