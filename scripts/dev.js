#!/usr/bin/env node
// `npm run dev`: tsc --watch compiles src/ into dist/ on every save, and the service is restarted
// after each compilation without errors (never on a half-written dist/ or on code that does not
// type-check). The old service is stopped (SIGTERM) and waited for before the new one starts, so
// the embedded PostgreSQL and the port are free again. Ctrl-C stops both.
'use strict';
const { spawn } = require('node:child_process');
const { utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
// tsc --watch ends every compilation with "Found 0 errors. Watching for file changes." (or N errors).
const COMPILED = /Found (\d+) errors?\. Watching for file changes\./;

let service;
let restartWanted = false;
let stopping = false;
let compileStartedAt = new Date();

function startService() {
  restartWanted = false;
  service = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: ROOT, stdio: 'inherit' });
  service.once('exit', (code, signal) => {
    service = undefined;
    if (stopping) {
      tsc.kill('SIGTERM');
      process.exit(code ?? 0);
    } else if (restartWanted) {
      startService();
    } else {
      console.log(`dev: the service exited (${signal ?? `code ${code}`}); it starts again after the next change`);
    }
  });
}

function restart() {
  if (service === undefined) return startService();
  restartWanted = true;
  service.kill('SIGTERM');
}

const tsc = spawn(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let pending = '';
tsc.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    if (/File change detected|Starting compilation/.test(line)) compileStartedAt = new Date();
    const found = COMPILED.exec(line);
    if (found === null || stopping) continue;
    if (found[1] !== '0') {
      console.log('dev: not restarting the service until the errors above are fixed');
      continue;
    }
    // The same mark as `npm run build`: a later `npm start` need not compile again.
    writeFileSync(STAMP, `${compileStartedAt.toISOString()}\n`);
    utimesSync(STAMP, compileStartedAt, compileStartedAt);
    restart();
  }
});
tsc.once('exit', (code) => {
  if (stopping) return;
  console.error(`dev: tsc --watch exited (code ${code}); stopping`);
  stop();
});

function stop() {
  if (stopping) return;
  stopping = true;
  tsc.kill('SIGTERM');
  if (service === undefined) process.exit(0);
  service.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
