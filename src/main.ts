import path from 'node:path';
import { appSettings, buildApp } from './app.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/env.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './platform/database/embedded-postgres.js';
import { embeddedAdminToken, embeddedSecretKey } from './config/embedded-defaults.js';
import { createLogger, stdoutLogOutput } from './platform/logging/logger.js';

/** Starts the service: read config, build the app, listen, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, stdoutLogOutput({ format: config.logFormat, isProduction: config.isProduction }));
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  let secretKey = config.secretKey;
  let authTokens = config.authTokens;

  if (databaseUrl === undefined) {
    const dir = path.resolve(config.dataDir, 'postgres');
    log.info({ dir, port: config.embeddedPostgresPort }, 'DATABASE_URL not set: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dir, port: config.embeddedPostgresPort, onLog: (line) => log.debug({ postgres: line }) });
    databaseUrl = embedded.urlFor('postgres');
  }
  if (secretKey === undefined) {
    const generated = await embeddedSecretKey(config.dataDir);
    secretKey = generated.key;
    log.warn(
      { file: generated.file },
      generated.created ? 'MAIL_SECRET_KEY not set: generated a development key' : 'MAIL_SECRET_KEY not set: using the development key',
    );
  }
  let printToken: string | undefined;
  if (authTokens === undefined) {
    const generated = await embeddedAdminToken(config.dataDir);
    authTokens = generated.tokens;
    printToken = generated.tokens[0]?.token;
    log.warn({ file: generated.file }, generated.created ? 'AUTH_TOKENS not set: generated an admin token' : 'AUTH_TOKENS not set: using the kept admin token');
  }

  // The embedded cluster is ours to stop, also when start-up fails after it started.
  const app = await buildApp({ ...appSettings(config), databaseUrl, secretKey, authTokens, logger: log }).catch(async (error: unknown) => {
    await embedded?.stop();
    throw error;
  });
  const address = await app.http.listen({ host: config.host, port: config.port }).catch(async (error: unknown) => {
    await app.close();
    await embedded?.stop();
    throw error;
  });
  const browsable = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  log.info({ url: `${browsable}/graphql` }, 'mail-session-service ready');
  if (printToken !== undefined) {
    // The one place a token is printed: the generated development token, so Sandbox can be used.
    process.stdout.write(
      `\n  GraphQL / Apollo Sandbox: ${browsable}/graphql\n  Admin token (development): ${printToken}\n  Send it as: Authorization: Bearer ${printToken}\n\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests and sends in flight');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000);
    timer.unref();
    app
      .close()
      .then(() => embedded?.stop())
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`mail-session-service: configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`mail-session-service: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
