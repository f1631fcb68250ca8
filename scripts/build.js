#!/usr/bin/env node
// Compiles src/ into dist/ (`tsc -p tsconfig.build.json`) and marks a successful build with
// dist/.build-stamp, dated when the build started.
//
//   node scripts/build.js              always build (`npm run build`)
//   node scripts/build.js --if-stale   build only when a source or tsconfig is newer than the
//                                      stamp, or there is none (before start, migrate, test)
//   node scripts/build.js --install    as --if-stale, but skip quietly when the sources or
//                                      TypeScript are not there (the postinstall: the Dockerfile
//                                      runs `npm ci` before it copies src/; --omit=dev has no tsc)
//
// The check reads file dates only (~100 files, a few milliseconds), so a start after an edit
// runs the edited code and a start without one starts at once.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'].map((name) => path.join(ROOT, name));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const mode = process.argv[2] ?? '--always';
if (!['--always', '--if-stale', '--install'].includes(mode)) {
  console.error(`usage: node scripts/build.js [--if-stale | --install], not ${mode}`);
  process.exit(2);
}

/** The first source newer than the stamp, or undefined when the build is current. */
function newerSource(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = newerSource(full, since);
      if (found) return found;
    } else if (entry.name.endsWith('.ts') && statSync(full).mtimeMs > since) {
      return full;
    }
  }
  return undefined;
}

/** Why dist/ must be built, or undefined when it is current. */
function staleness() {
  if (!existsSync(STAMP)) return 'dist/ has not been built here yet';
  const since = statSync(STAMP).mtimeMs;
  const changed = CONFIGS.find((file) => existsSync(file) && statSync(file).mtimeMs > since) ?? newerSource(SRC, since);
  return changed ? `${path.relative(ROOT, changed)} changed since the last build` : undefined;
}

const hasSources = existsSync(path.join(SRC, 'main.ts')) && existsSync(CONFIGS[1]);
if (!hasSources) {
  if (mode === '--install') {
    console.log('build: skipped, src/ and tsconfig.build.json are not here yet (run `npm run build` once they are)');
    process.exit(0);
  }
  if (mode === '--if-stale' && existsSync(path.join(ROOT, 'dist', 'main.js'))) process.exit(0);
  console.error('build: src/ or tsconfig.build.json is missing, and so is dist/: nothing to build or run from');
  process.exit(1);
}

if (mode !== '--always') {
  const reason = staleness();
  if (reason === undefined) process.exit(0);
  if (!existsSync(TSC)) {
    if (mode === '--install') {
      console.log(`build: skipped, TypeScript is not installed (a production install); ${reason}`);
      process.exit(0);
    }
    console.error(`build: ${reason}, and TypeScript is not installed to rebuild dist/: run \`npm install\` (with the development dependencies)`);
    process.exit(1);
  }
  console.log(`build: ${reason}; compiling src/ into dist/ (tsc, 10-20 s)...`);
}

const startedAt = new Date();
const result = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`build: tsc failed (exit ${result.status ?? result.signal}); dist/ is not marked as built`);
  process.exit(result.status ?? 1);
}
writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
// Dated when tsc started: a source saved while it ran counts as newer, and is built next time.
utimesSync(STAMP, startedAt, startedAt);
