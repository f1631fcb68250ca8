import { PrismaPg } from '@prisma/adapter-pg';
import { loadRotationConfig, type RotationConfig } from './config/database-command-config.js';
import { embeddedKeyRing, generateSecretKey, nextKeyId, writeEmbeddedKeyRing } from './config/embedded-defaults.js';
import type { SecretKey } from './config/secret-keys.js';
import { PrismaClient } from './generated/prisma/client.js';
import { startDatabase } from './platform/database/database-startup.js';
import { runDatabaseCommand } from './platform/lifecycle/database-command.js';
import { Lifecycle } from './platform/lifecycle/lifecycle.js';
import { createLogger } from './platform/logging/logger.js';
import { SecretBox, SecretBoxError } from './platform/secrets/secret-box.js';
import { lostDevelopmentKey } from './secret-rotation/lost-key.js';
import { rotateStoredSecrets, type RotationReport } from './secret-rotation/stored-secrets.js';

// Before anything starts: a signal stops the embedded PostgreSQL this command may have started.
const lifecycle = new Lifecycle();
lifecycle.installSignalHandlers();

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function rotate(databaseUrl: string, keys: readonly SecretKey[]): Promise<RotationReport> {
  const [writeKey, ...readKeys] = keys;
  if (writeKey === undefined) throw new Error('no key configured');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, application_name: 'mail-session-rotate-secrets' }) });
  try {
    return await rotateStoredSecrets(prisma, new SecretBox(writeKey, readKeys));
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * On the embedded database the development key ring (DATA_DIR/mail-secret-key) is what the service
 * starts with, so it is kept current: the new key (MAIL_SECRET_KEYS' first, or one generated here)
 * is written into it first, in front of the old ones; once every secret is under it, the old keys
 * are dropped. A rotation cut short leaves a ring that still decrypts everything.
 */
async function rotateEmbedded(config: RotationConfig, databaseUrl: string): Promise<RotationReport> {
  const ring = await embeddedKeyRing(config.dataDir);
  const given = config.secretKeys ?? [generateSecretKey(nextKeyId(ring.keys))];
  const keys = [...given, ...ring.keys.filter((key) => !given.some((g) => g.id === key.id))];
  await writeEmbeddedKeyRing(config.dataDir, keys);
  const report = await rotate(databaseUrl, keys).catch((error: unknown) => {
    if (error instanceof SecretBoxError) throw lostDevelopmentKey(error.message, ring.file, config.dataDir, config.commands.start);
    throw error;
  });
  const [writeKey] = keys;
  if (writeKey !== undefined) await writeEmbeddedKeyRing(config.dataDir, [writeKey]);
  say(`development key ring ${ring.file} now holds key "${report.writeKeyId}" only`);
  return report;
}

/**
 * `npm run secrets:rotate` (`node dist/rotate-secrets.js`): re-encrypts every stored secret with the
 * first key of MAIL_SECRET_KEYS, in one transaction, and reports how many it changed. Run it after
 * adding a new key in front; drop an old key only once this reports it done. Without DATABASE_URL
 * (outside production) it works on the embedded database and its development key ring.
 */
async function run(config: RotationConfig): Promise<void> {
  const log = createLogger('warn');
  lifecycle.configure(log, 60_000);
  if (config.databaseUrl === undefined) say(`DATABASE_URL not set: rotating the keys of the embedded PostgreSQL under ${config.dataDir}`);
  const database = await startDatabase({ ...config, log, signal: lifecycle.signal, track: (name, stop) => lifecycle.add(name, stop) });
  lifecycle.throwIfStopping();
  const report = database.embedded ? await rotateEmbedded(config, database.url) : await rotate(database.url, config.secretKeys ?? []);
  say(`${report.changed} of ${report.total} stored secret(s) re-encrypted with key "${report.writeKeyId}"`);
}

void runDatabaseCommand('secrets:rotate', lifecycle, loadRotationConfig, run);
