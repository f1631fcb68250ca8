import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A database of its own for one test file, cloned from the migrated template. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Runs SQL on this database with a short-lived connection. A function, not a method: tests pass `db.query` around. */
  query: <T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  drop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (test/support/global-setup.ts)`);
  return value;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: required('TEST_ADMIN_DATABASE_URL') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (not migrated), for tests of the migrator itself. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  return create('');
}

/** Creates a migrated database, cloned from the template (`CREATE DATABASE x TEMPLATE t`). */
export async function createTestDatabase(): Promise<TestDatabase> {
  return create(`TEMPLATE ${required('TEST_TEMPLATE_DATABASE')}`);
}

async function create(clause: string): Promise<TestDatabase> {
  const name = `mail_session_test_${randomBytes(6).toString('hex')}`;
  await onAdmin((admin) => admin.query(`CREATE DATABASE ${name} ${clause}`));
  const url = withDatabase(required('TEST_ADMIN_DATABASE_URL'), name);
  return {
    name,
    url,
    async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    drop: () => onAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
