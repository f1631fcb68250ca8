#!/usr/bin/env node
// Generates the Prisma client offline during `npm install`. `prisma generate` does not use the
// schema engine, but the CLI still looks for its binary and would try to download it, which
// fails on machines without internet access; pointing it at any existing file stops the download.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
const cli = path.join(__dirname, '..', 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
