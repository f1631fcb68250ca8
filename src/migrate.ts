import { loadMigrationConfig } from './config/env.js';
import { migrate } from './platform/database/migrator.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
async function run(): Promise<void> {
  const { databaseUrl } = loadMigrationConfig();
  const result = await migrate(databaseUrl, { log: (message) => process.stdout.write(`${message}\n`) });
  process.stdout.write(`${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
