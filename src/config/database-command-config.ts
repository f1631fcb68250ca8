/** Settings of the maintenance commands (`migrate`, `secrets:rotate`), which need a database and nothing else of the service. */

import { commandNamesFrom, type CommandNames } from './command-names.js';
import { ConfigError } from './config-error.js';
import { databaseConnectTimeoutFrom } from './database-connect-settings.js';
import { integer, text, type Env } from './env-values.js';
import { secretKeysFrom, type SecretKey } from './secret-keys.js';
import { withSecretFiles } from './secret-files.js';

export interface DatabaseCommandConfig {
  /** Unset outside production: the embedded PostgreSQL under `dataDir`, as `npm start` runs it. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  readonly databaseConnectTimeoutMs: number;
  readonly commands: CommandNames;
}

export interface RotationConfig extends DatabaseCommandConfig {
  /**
   * The new key first, then every key stored secrets may still be under. Unset only on the embedded
   * database, where the command generates the new key into the development key ring itself.
   */
  readonly secretKeys: readonly SecretKey[] | undefined;
}

/** For `npm run migrate`: DATABASE_URL, or the embedded database outside production. */
export function loadMigrationConfig(variables: Env = process.env): DatabaseCommandConfig {
  const env = withSecretFiles(variables);
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgresql:// connection string of the database');
  }
  if (databaseUrl === undefined && text(env, 'NODE_ENV') === 'production') {
    throw new ConfigError(
      'DATABASE_URL',
      'required in production: a postgresql:// connection string of the database (the embedded PostgreSQL is for development); or DATABASE_URL_FILE naming a file that holds it',
    );
  }
  return {
    databaseUrl,
    dataDir: text(env, 'DATA_DIR') ?? '.data',
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1, 65535),
    databaseConnectTimeoutMs: databaseConnectTimeoutFrom(env),
    commands: commandNamesFrom(env),
  };
}

/** For `npm run secrets:rotate`: the database and the keys (the first one writes); on the embedded database the keys may be left out. */
export function loadRotationConfig(variables: Env = process.env): RotationConfig {
  const env = withSecretFiles(variables);
  const database = loadMigrationConfig(env);
  const secretKeys = secretKeysFrom(env);
  if (secretKeys === undefined && database.databaseUrl !== undefined)
    throw new ConfigError('MAIL_SECRET_KEYS', 'required: the new key first, then every key stored secrets may still be under, e.g. k2:<base64>,k1:<base64>');
  return { ...database, secretKeys };
}
