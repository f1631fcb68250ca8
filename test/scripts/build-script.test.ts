/**
 * scripts/build.js, which decides whether `npm start`, `migrate`, `secrets:rotate` and `npm test`
 * compile first: run on a small project of its own whose "tsc" only records that it ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const FAKE_TSC = `
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '../../..');
fs.appendFileSync(path.join(root, 'tsc-runs'), process.argv.slice(2).join(' ') + '\\n');
if (fs.existsSync(path.join(root, 'tsc-fails'))) process.exit(2);
if (fs.existsSync(path.join(root, 'tsc-slow'))) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist', 'main.js'), '');
`;

/** Records each console build and writes what Vite would: dist/admin/index.html. */
const FAKE_VITE = `
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '../../..');
fs.appendFileSync(path.join(root, 'vite-runs'), process.argv.slice(2).join(' ') + '\\n');
if (fs.existsSync(path.join(root, 'vite-fails'))) process.exit(3);
fs.mkdirSync(path.join(root, 'dist', 'admin'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist', 'admin', 'index.html'), '');
`;

let project: string;

function file(relative: string, text = ''): string {
  const full = path.join(project, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

function build(...args: string[]): { status: number | null; output: string; tscRuns: number } {
  const result = spawnSync(process.execPath, [path.join(project, 'scripts', 'build.js'), ...args], { cwd: project, encoding: 'utf8' });
  const runs = existsSync(path.join(project, 'tsc-runs')) ? readFileSync(path.join(project, 'tsc-runs'), 'utf8').split('\n').filter(Boolean).length : 0;
  return { status: result.status, output: result.stdout + result.stderr, tscRuns: runs };
}

/** Dates a file `seconds` from now, so that "newer" does not depend on the file system's clock resolution. */
function age(full: string, seconds: number): void {
  const when = new Date(Date.now() + seconds * 1_000);
  utimesSync(full, when, when);
}

beforeEach(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'mail-session-build-'));
  copyFileSync(path.join(ROOT, 'scripts', 'build.js'), file('scripts/build.js'));
  file('node_modules/typescript/bin/tsc', FAKE_TSC);
  file('tsconfig.json', '{}');
  file('tsconfig.build.json', '{}');
  file('src/main.ts', 'export {};');
  file('src/platform/logging/logger.ts', 'export {};');
});

afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('scripts/build.js', () => {
  it('builds when dist/ was never built, then not again while no source changes', () => {
    expect(build('--if-stale')).toMatchObject({ status: 0, tscRuns: 1 });
    expect(existsSync(path.join(project, 'dist', '.build-stamp'))).toBe(true);
    expect(build('--if-stale')).toEqual({ status: 0, output: '', tscRuns: 1 });
  });

  it('rebuilds when a source in a subfolder or a tsconfig is newer than the last build, naming it', () => {
    build('--if-stale');
    age(path.join(project, 'src/platform/logging/logger.ts'), 5);
    const afterEdit = build('--if-stale');
    expect(afterEdit).toMatchObject({ status: 0, tscRuns: 2 });
    expect(afterEdit.output).toContain(path.join('src', 'platform', 'logging', 'logger.ts'));
    age(path.join(project, 'tsconfig.build.json'), 60);
    expect(build('--if-stale')).toMatchObject({ status: 0, tscRuns: 3 });
  });

  it('dates the stamp from when the build started, so a source saved during it is built next time', () => {
    file('tsc-slow');
    const before = Date.now();
    build();
    expect(Date.now() - before).toBeGreaterThanOrEqual(1_500);
    expect(statSync(path.join(project, 'dist', '.build-stamp')).mtimeMs).toBeLessThan(before + 1_000);
  });

  it('fails and leaves dist/ marked stale when tsc fails', () => {
    file('tsc-fails');
    const failed = build('--if-stale');
    expect(failed.status).not.toBe(0);
    expect(existsSync(path.join(project, 'dist', '.build-stamp'))).toBe(false);
    expect(build('--if-stale')).toMatchObject({ tscRuns: 2 });
  });

  it('skips the build at install before the sources are copied in (the Dockerfile runs npm ci first)', async () => {
    await rm(path.join(project, 'src'), { recursive: true });
    file('src/generated/prisma/client.ts', 'export {};');
    const install = build('--install');
    expect(install).toMatchObject({ status: 0, tscRuns: 0 });
    expect(install.output).toContain('skipped');
  });

  it('skips the build at install without TypeScript (a production install), but a start names the problem', async () => {
    await rm(path.join(project, 'node_modules'), { recursive: true });
    expect(build('--install')).toMatchObject({ status: 0, tscRuns: 0 });
    const start = build('--if-stale');
    expect(start.status).not.toBe(0);
    expect(start.output).toContain('TypeScript is not installed');
  });
});

describe('package.json', () => {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it.each(['start', 'migrate', 'secrets:rotate', 'test'])('runs %s without compiling unless a source changed', (name) => {
    expect(scripts[name]).not.toMatch(/\b(tsc|npm run build)\b/);
    expect(scripts[`pre${name}`]).toBe('node scripts/build.js --if-stale');
  });

  describe('the admin console (web/)', () => {
    const viteRuns = () =>
      existsSync(path.join(project, 'vite-runs')) ? readFileSync(path.join(project, 'vite-runs'), 'utf8').split('\n').filter(Boolean) : [];
    beforeEach(() => {
      file('web/index.html', '<!doctype html>');
      file('web/vite.config.mts', 'export default {};');
      file('web/src/main.tsx', 'export {};');
    });

    it('is built with the service, then not again until a file under web/ changes', () => {
      file('node_modules/vite/bin/vite.js', FAKE_VITE);
      const first = build('--if-stale');
      expect(first).toMatchObject({ status: 0, tscRuns: 1 });
      expect(first.output).toContain('dist/admin has not been built here yet');
      expect(viteRuns()).toEqual([`build --config ${path.join(project, 'web', 'vite.config.mts')} --logLevel warn`]);
      expect(existsSync(path.join(project, 'dist', 'admin', 'index.html'))).toBe(true);
      expect(build('--if-stale')).toEqual({ status: 0, output: '', tscRuns: 1 });
      expect(viteRuns()).toHaveLength(1);
      age(path.join(project, 'web/src/main.tsx'), 5);
      const afterEdit = build('--if-stale');
      expect(afterEdit).toMatchObject({ status: 0, tscRuns: 1 });
      expect(afterEdit.output).toContain(path.join('web', 'src', 'main.tsx'));
      expect(viteRuns()).toHaveLength(2);
      build();
      expect(viteRuns()).toHaveLength(3);
    });

    it('fails the build when Vite fails, and builds the console again next time', () => {
      file('node_modules/vite/bin/vite.js', FAKE_VITE);
      file('vite-fails');
      expect(build('--if-stale').status).toBe(3);
      expect(existsSync(path.join(project, 'dist', '.admin-build-stamp'))).toBe(false);
      unlinkSync(path.join(project, 'vite-fails'));
      expect(build('--if-stale').status).toBe(0);
      expect(viteRuns()).toHaveLength(2);
    });

    it('is skipped with a line, not an error, when Vite is not installed (a production install)', () => {
      const install = build('--install');
      expect(install).toMatchObject({ status: 0, tscRuns: 1 });
      expect(install.output).toContain('build: admin console skipped, Vite is not installed (a production install)');
      expect(build('--if-stale').status).toBe(0);
    });
  });

  it('builds at install, after the Prisma client is generated', () => {
    expect(scripts.postinstall).toBe('node scripts/prisma-generate.js && node scripts/build.js --install');
  });
});
