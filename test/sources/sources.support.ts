/** Helpers for the source tests (not a test file itself). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/env';
import type { MailSessionSourceConfig } from '../../src/config/mail-source';

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
