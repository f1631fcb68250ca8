/**
 * Only src/config/ reads the environment (README, "Configuration"): everything else receives the
 * parsed, frozen config. dependency-cruiser sees imports, not `process.env`, so this test reads
 * the source text itself. The generated Prisma client is not ours and is left out.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');
const ALLOWED = [path.join(SRC, 'config') + path.sep];
const SKIPPED = [path.join(SRC, 'generated') + path.sep];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.includes(full + path.sep) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the environment', () => {
  it('is read by src/config/ alone', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const readers = files
      .filter((file) => !ALLOWED.some((dir) => file.startsWith(dir)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            /\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env['"]\s*\]/.test(line) ? [`${path.relative(SRC, file)}:${index + 1}`] : [],
          ),
      );
    expect(readers).toEqual([]);
  });
});
