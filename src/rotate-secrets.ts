import { PrismaPg } from '@prisma/adapter-pg';
import { loadRotationConfig } from './config/env.js';
import { PrismaClient } from './generated/prisma/client.js';
import { SecretBox } from './platform/secrets/secret-box.js';
import { rotateStoredSecrets } from './secret-rotation/stored-secrets.js';

/**
 * `npm run secrets:rotate`: re-encrypts every stored secret with the first key of
 * MAIL_SECRET_KEYS, in one transaction, and reports how many it changed. Run it after adding
 * a new key in front; drop an old key only once this reports it done.
 */
async function run(): Promise<void> {
  const { databaseUrl, secretKeys } = loadRotationConfig();
  const [writeKey, ...readKeys] = secretKeys;
  if (writeKey === undefined) throw new Error('no key configured');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, application_name: 'mail-session-rotate-secrets' }) });
  try {
    const report = await rotateStoredSecrets(prisma, new SecretBox(writeKey, readKeys));
    process.stdout.write(`${report.changed} of ${report.total} stored secret(s) re-encrypted with key "${report.writeKeyId}"\n`);
  } finally {
    await prisma.$disconnect();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`secrets:rotate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
