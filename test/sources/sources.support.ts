/** Helpers for the source tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/env';
import type { MailSessionSourceConfig } from '../../src/config/mail-source';
import { parseLiferayProperties } from '../../src/liferay/liferay-properties';
import type { SecretKey } from '../../src/config/secret-keys';
import { SourceProblem } from '../../src/settings-source/source-settings';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** What loadConfig makes of these variables (with the minimum it needs besides). */
export function sourceFromEnvironment(variables: Record<string, string>): MailSessionSourceConfig | undefined {
  return loadConfig({ NODE_ENV: 'test', ...variables }).mailSessionSource;
}

/** Writes `text` to a fresh temporary .properties file and returns its path. */
export async function propertiesFile(text: string | Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mail-session-source-'));
  const file = path.join(dir, 'portal-ext.properties');
  await writeFile(file, text);
  return file;
}

/** The text of the fixture file `name` (under fixtures/). */
export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The SourceProblem that parseLiferayProperties throws for `text`; fails when it throws none (or another error). */
export function problemOf(text: string): SourceProblem {
  try {
    parseLiferayProperties(text);
  } catch (error) {
    if (error instanceof SourceProblem) return error;
    throw error;
  }
  throw new Error('expected a SourceProblem');
}

/**
 * A database, per test (the default) or per file, and the apps a test starts on it with a
 * settings source; the apps are closed and the database dropped after each test (or after all).
 */
export function useSourceApps(options: { secretKey?: SecretKey; per?: 'file' | 'test' } = {}) {
  let db: TestDatabase | undefined;
  const apps: TestApp[] = [];
  const database = (): TestDatabase => {
    if (!db) throw new Error('the database is created in beforeEach (beforeAll with per: file)');
    return db;
  };
  const stop = async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  };
  const start = async (source: MailSessionSourceConfig | undefined): Promise<TestApp> => {
    const app = await startTestApp({ databaseUrl: database().url, secretKey: options.secretKey, mailSessionSource: source });
    apps.push(app);
    return app;
  };
  (options.per === 'file' ? beforeAll : beforeEach)(async () => {
    db = await createTestDatabase();
  });
  (options.per === 'file' ? afterAll : afterEach)(async () => {
    await stop();
    await db?.drop();
    db = undefined;
  });
  return {
    get db() {
      return database();
    },
    /** Starts another app on the database; those started before keep running (replicas). */
    start,
    /** Closes the running apps and starts one with `source`: a restart. */
    restart: async (source: MailSessionSourceConfig | undefined) => {
      await stop();
      return start(source);
    },
    /** Closes the running apps. */
    stop,
  };
}
