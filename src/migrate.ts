import { loadMigrationConfig, type DatabaseCommandConfig } from './config/database-command-config.js';
import { startDatabase } from './platform/database/database-startup.js';
import { migrate } from './platform/database/migrator.js';
import { runDatabaseCommand } from './platform/lifecycle/database-command.js';
import { Lifecycle } from './platform/lifecycle/lifecycle.js';
import { createLogger } from './platform/logging/logger.js';

// Before anything starts: a signal stops the embedded PostgreSQL this command may have started.
const lifecycle = new Lifecycle();
lifecycle.installSignalHandlers();

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * `npm run migrate` (`node dist/migrate.js`): applies pending migrations to DATABASE_URL, or without
 * it (outside production) to the embedded database under DATA_DIR, started for the purpose and
 * stopped again, and exits.
 */
async function run(config: DatabaseCommandConfig): Promise<void> {
  const log = createLogger('warn');
  lifecycle.configure(log, 60_000);
  if (config.databaseUrl === undefined) say(`DATABASE_URL not set: migrating the embedded PostgreSQL under ${config.dataDir}`);
  const database = await startDatabase({ ...config, log, signal: lifecycle.signal, track: (name, stop) => lifecycle.add(name, stop) });
  lifecycle.throwIfStopping();
  const result = await migrate(database.url, { log: say });
  say(`${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied`);
}

void runDatabaseCommand('migrate', lifecycle, loadMigrationConfig, run);
