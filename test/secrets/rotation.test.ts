import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { buildApp } from '../../src/app';
import { ConfigError } from '../../src/config/config-error';
import { type SecretKey } from '../../src/config/secret-keys';
import { PrismaClient } from '../../src/generated/prisma/client';
import { createLogger } from '../../src/platform/logging/logger';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { rotateStoredSecrets } from '../../src/secret-rotation/stored-secrets';
import { updateOk } from '../api/mail-session.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { LogCapture, startTestApp, TEST_TOKENS } from '../support/test-app';

const K1: SecretKey = { id: 'k1', key: randomBytes(32) };
const K2: SecretKey = { id: 'k2', key: randomBytes(32) };
const K3: SecretKey = { id: 'k3', key: randomBytes(32) };
const OUT = 'Rotate-Out-4c1d-Falcon';
const IN = 'Rotate-In-8e2f-Badger';
const ROTATE_SCRIPT = path.resolve(__dirname, '../../dist/rotate-secrets.js');

/** Every ciphertext stored: the settings row's and the history snapshots'. */
async function ciphertexts(db: TestDatabase): Promise<string[]> {
  const [row] = await db.query<{ o: string | null; i: string | null }>('SELECT outgoing_password AS o, incoming_password AS i FROM mail_session');
  const snapshots = await db.query<{ o: string | null; i: string | null }>(
    `SELECT snapshot->>'outgoingPassword' AS o, snapshot->>'incomingPassword' AS i FROM mail_session_revision ORDER BY version`,
  );
  return [row, ...snapshots].flatMap((r) => [r?.o, r?.i]).filter((v): v is string => typeof v === 'string');
}

async function withPrisma<T>(db: TestDatabase, fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  try {
    return await fn(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

/** Starts the app as main.ts would and returns the start-up error, if any. */
async function startupError(db: TestDatabase, write: SecretKey, read: SecretKey[] = []): Promise<unknown> {
  const logs = new LogCapture();
  try {
    const app = await buildApp({
      databaseUrl: db.url,
      secretKey: write,
      secretReadKeys: read,
      authTokens: TEST_TOKENS,
      logger: createLogger('silent', logs),
      introspection: false,
      landingPage: false,
      reconcileIntervalMs: 60_000,
      listenerReconnectMs: 100,
      shutdownTimeoutMs: 1_000,
    });
    await app.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('rotating the encryption key', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const app = await startTestApp({ databaseUrl: db.url, secretKey: K1 });
    await updateOk(app, { outgoing: { host: 'smtp.example.com', user: 'u', password: OUT }, incoming: { host: 'imap.example.com', password: IN } });
    await updateOk(app, { outgoing: { password: `${OUT}-2` } });
    await updateOk(app, { defaultSender: { name: 'Rotation' } });
    await app.close();
  });
  afterAll(() => db?.drop());

  it('starts with the old key alone while every secret is under it', async () => {
    expect(await startupError(db, K1)).toBeUndefined();
    const stored = await ciphertexts(db);
    expect(stored.length).toBe(2 + 2 + 2 + 2);
    expect(stored.every((value) => value.startsWith('v1.k1.'))).toBe(true);
  });

  it('reads old secrets with the new key in front (MAIL_SECRET_KEYS=k2,k1) and writes new ones with k2', async () => {
    const app = await startTestApp({ databaseUrl: db.url, secretKey: K2, secretReadKeys: [K1] });
    try {
      await updateOk(app, { incoming: { password: `${IN}-2` } });
      const [row] = await db.query<{ i: string; o: string }>('SELECT incoming_password AS i, outgoing_password AS o FROM mail_session');
      expect(row?.i).toMatch(/^v1\.k2\./);
      expect(row?.o).toMatch(/^v1\.k1\./);
    } finally {
      await app.close();
    }
  });

  it('refuses to start without the key of a stored secret, with a message naming the key id and place but no secret', async () => {
    const error = await startupError(db, K2);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^MAIL_SECRET_KEYS: stored secret for outgoing\.password was encrypted with key "k1", which is not configured/);
    expect(message).toMatch(/mail_session/);
    for (const leak of [OUT, IN, K1.key.toString('base64'), K2.key.toString('base64')]) expect(message).not.toContain(leak);
  });

  it('refuses to start with a wrong key under the right id, rather than build transports with garbage', async () => {
    const error = await startupError(db, K2, [{ id: 'k1', key: randomBytes(32) }]);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/does not decrypt with key "k1"/);
  });

  it('leaves everything unchanged when a key is missing for some secret: one transaction, all or nothing', async () => {
    const before = await ciphertexts(db);
    await expect(withPrisma(db, (prisma) => rotateStoredSecrets(prisma, new SecretBox(K3, [K2])))).rejects.toThrow(/key "k1", which is not configured/);
    expect(await ciphertexts(db)).toEqual(before);
  });

  it('re-encrypts every secret not under the writing key, in the row and the history, and counts them', async () => {
    const before = await ciphertexts(db);
    const notUnderK2 = before.filter((value) => !value.startsWith('v1.k2.')).length;
    const [version] = await db.query<{ version: number }>('SELECT version FROM mail_session');
    const report = await withPrisma(db, (prisma) => rotateStoredSecrets(prisma, new SecretBox(K2, [K1])));
    expect(report).toEqual({ total: before.length, changed: notUnderK2, writeKeyId: 'k2' });
    const after = await ciphertexts(db);
    expect(after.every((value) => value.startsWith('v1.k2.'))).toBe(true);
    const box = new SecretBox(K2);
    const [row] = await db.query<{ o: string; i: string }>('SELECT outgoing_password AS o, incoming_password AS i FROM mail_session');
    expect(box.decrypt(row?.o ?? '', 'outgoing.password')).toBe(`${OUT}-2`);
    expect(box.decrypt(row?.i ?? '', 'incoming.password')).toBe(`${IN}-2`);
    expect(await db.query('SELECT version FROM mail_session')).toEqual([version]);
    // Nothing left to do the second time.
    expect(await withPrisma(db, (prisma) => rotateStoredSecrets(prisma, new SecretBox(K2, [K1])))).toMatchObject({ changed: 0, total: before.length });
  });

  it('then starts with the new key alone', async () => {
    expect(await startupError(db, K2)).toBeUndefined();
    expect(await startupError(db, K1)).toBeInstanceOf(ConfigError);
  });

  it('rotates through `npm run secrets:rotate` (the built script), reporting how many it changed', async () => {
    if (!existsSync(ROTATE_SCRIPT)) throw new Error(`${ROTATE_SCRIPT} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    const env = { PATH: process.env.PATH, DATABASE_URL: db.url, MAIL_SECRET_KEYS: `k3:${K3.key.toString('base64')},k2:${K2.key.toString('base64')}` };
    const { stdout } = await promisify(execFile)(process.execPath, [ROTATE_SCRIPT], { env });
    const total = (await ciphertexts(db)).length;
    expect(stdout.trim()).toBe(`${total} of ${total} stored secret(s) re-encrypted with key "k3"`);
    expect((await ciphertexts(db)).every((value) => value.startsWith('v1.k3.'))).toBe(true);
    expect(await startupError(db, K3)).toBeUndefined();
  });

  it('stops the script with a clear message when a key is missing, changing nothing', async () => {
    const before = await ciphertexts(db);
    const env = { PATH: process.env.PATH, DATABASE_URL: db.url, MAIL_SECRET_KEYS: `k4:${randomBytes(32).toString('base64')}` };
    const failure = await promisify(execFile)(process.execPath, [ROTATE_SCRIPT], { env }).then(
      () => undefined,
      (error: unknown) => error as { code?: number; stderr?: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^secrets:rotate: stored secret for \S+ was encrypted with key "k3", which is not configured/);
    expect(await ciphertexts(db)).toEqual(before);
  });
});
