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
//
// Then the admin console (web/, when it is there) is built the same way into dist/admin by Vite
// (web/vite.config.mts), stamped dist/.admin-build-stamp: always with no option, when a file under
// web/ is newer than its stamp otherwise; skipped with a line when Vite is not installed (a
// production install), so the service starts and /admin says how to build it.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'].map((name) => path.join(ROOT, name));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const WEB = path.join(ROOT, 'web');
const WEB_STAMP = path.join(ROOT, 'dist', '.admin-build-stamp');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

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

/** The first file under `dir` newer than `since` (any kind: sources, styles, images, operations). */
function newerFile(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = newerFile(full, since);
      if (found) return found;
    } else if (statSync(full).mtimeMs > since) {
      return full;
    }
  }
  return undefined;
}

/** Builds the admin console into dist/admin when it is there and (unless `always`) stale, then exits with `status`. */
function finish(status, always) {
  if (status !== 0 || !existsSync(path.join(WEB, 'index.html'))) process.exit(status);
  let reason = 'asked to';
  if (!always) {
    const since = existsSync(WEB_STAMP) ? statSync(WEB_STAMP).mtimeMs : undefined;
    const changed = since === undefined ? undefined : newerFile(WEB, since);
    if (since !== undefined && changed === undefined) process.exit(0);
    reason = since === undefined ? 'dist/admin has not been built here yet' : `${path.relative(ROOT, changed)} changed since the last build`;
  }
  if (!existsSync(VITE)) {
    console.log(`build: admin console skipped, Vite is not installed (a production install); ${reason}`);
    process.exit(0);
  }
  if (!always) console.log(`build: ${reason}; building the admin console into dist/admin (vite, a few seconds)...`);
  const webStartedAt = new Date();
  const web = spawnSync(process.execPath, [VITE, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    // React's production build whatever NODE_ENV the caller runs under (jest sets `test`): the
    // console served is the one built, and development React runs effects twice on mount.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (web.status !== 0) {
    console.error(`build: vite failed (exit ${web.status ?? web.signal}); dist/admin is not marked as built`);
    process.exit(web.status ?? 1);
  }
  writeFileSync(WEB_STAMP, `${webStartedAt.toISOString()}\n`);
  utimesSync(WEB_STAMP, webStartedAt, webStartedAt);
  process.exit(0);
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
  if (reason === undefined) finish(0, false);
  if (!existsSync(TSC)) {
    if (mode === '--install') {
      console.log(`build: skipped, TypeScript is not installed (a production install); ${reason}`);
      finish(0, false);
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
finish(0, mode === '--always');
