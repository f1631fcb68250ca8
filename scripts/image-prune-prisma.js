#!/usr/bin/env node
// Run by the Dockerfile on the production node_modules: @prisma/client ships a query compiler for
// every database in two builds, each as CommonJS and ES module (about 65 MB); the generated client
// in dist/generated/prisma loads one. Keeps the files of @prisma/client/runtime that the generated
// client requires or imports (and what those require relatively), deletes the rest, and fails if
// the generated client names a file that is not there.
//   node scripts/image-prune-prisma.js <app dir holding node_modules and dist>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const root = path.resolve(process.argv[2] ?? '.');
const generated = path.join(root, 'dist', 'generated', 'prisma');
const runtimeDir = path.join(root, 'node_modules', '@prisma', 'client', 'runtime');

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(file);
    return entry.name.endsWith('.js') ? [file] : [];
  });
}

const resolveFrom = createRequire(path.join(generated, 'client.js'));
const keep = new Set();
for (const file of jsFiles(generated)) {
  for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(/(?:require|import)\(\s*["'](@prisma\/client\/runtime\/[^"']+)["']/g)) {
    keep.add(resolveFrom.resolve(specifier));
  }
}
if (keep.size === 0) throw new Error(`no @prisma/client/runtime file is named in ${generated}: was the client generated and built?`);
for (const file of [...keep]) {
  for (const [, relative] of fs.readFileSync(file, 'utf8').matchAll(/(?:require|import)\(\s*["'](\.\.?\/[^"']+)["']/g)) {
    keep.add(createRequire(file).resolve(relative));
  }
}

let removed = 0;
for (const entry of fs.readdirSync(runtimeDir, { withFileTypes: true })) {
  const file = path.join(runtimeDir, entry.name);
  if (entry.isFile() && keep.has(file)) continue;
  removed += entry.isFile() ? fs.statSync(file).size : 0;
  fs.rmSync(file, { recursive: true });
}
const kept = [...keep].map((file) => path.relative(root, file)).sort();
console.log(`kept ${kept.join(', ')}; removed ${(removed / 1e6).toFixed(1)} MB from ${path.relative(root, runtimeDir)}`);
