import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { migrate } from '../../src/platform/database/migrator';
import { freePort } from './free-port';

export const TEMPLATE_DATABASE = 'mail_session_test_template';

declare global {
  var __embeddedPostgres: { server: EmbeddedPostgres; dir: string } | undefined;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Provides a PostgreSQL for the suite: `DATABASE_URL` when set (its user must be allowed to
 * create databases), otherwise an embedded server of its own in a temporary directory (so that
 * concurrent runs do not collide), removed at teardown. Builds a migrated
 * template database that every test file clones (test/support/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(tmpdir(), 'mail-session-test-pg-'));
    const server = await startEmbeddedPostgres({ dir, port: await freePort() });
    globalThis.__embeddedPostgres = { server, dir };
    adminUrl = server.url;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(adminUrl, TEMPLATE_DATABASE));
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TEST_TEMPLATE_DATABASE = TEMPLATE_DATABASE;
}
