/** Helpers for the source tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/env';
import type { MailSessionSourceConfig } from '../../src/config/mail-source';
import { parseLiferayProperties } from '../../src/liferay/liferay-properties';
import { SourceProblem } from '../../src/settings-source/source-settings';

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
