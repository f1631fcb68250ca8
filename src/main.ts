import type { Logger } from 'pino';
import { ConfigError } from './config/config-error.js';
import { embeddedAdminToken, embeddedKeyRing } from './config/embedded-defaults.js';
import { loadConfig, type Config } from './config/env.js';
import type { SecretKey } from './config/secret-keys.js';
import { startDatabase } from './platform/database/database-startup.js';
import { Lifecycle } from './platform/lifecycle/lifecycle.js';
import { listenFailure } from './platform/lifecycle/listen-failure.js';
import { StartupFailure } from './platform/lifecycle/startup-failure.js';
import { createLogger, stdoutLogOutput } from './platform/logging/logger.js';
import { lostDevelopmentKey } from './secret-rotation/lost-key.js';
// Not stored-secrets.js: that loads the Prisma client before the signal handlers are in place.
import { UndecryptableSecretError } from './secret-rotation/undecryptable-secret-error.js';

// Before anything starts: a signal at any moment stops what was started so far (see Lifecycle).
const lifecycle = new Lifecycle();
lifecycle.installSignalHandlers();

/** MAIL_SECRET_KEY(S), or the development key ring under DATA_DIR. */
async function secretKeys(config: Config, log: Logger): Promise<{ keys: readonly SecretKey[]; ringFile?: string }> {
  if (config.secretKey !== undefined) return { keys: [config.secretKey, ...config.secretReadKeys] };
  const ring = await embeddedKeyRing(config.dataDir);
  log.warn(
    { file: ring.file, keyIds: ring.keys.map((key) => key.id) },
    ring.created ? 'MAIL_SECRET_KEY not set: generated a development key' : 'MAIL_SECRET_KEY not set: using the development key ring',
  );
  return { keys: ring.keys, ringFile: ring.file };
}

/** Stored secrets no key decrypts: with the development key ring, how to get the key back or start over. */
function explainUndecryptable(error: unknown, config: Config, ringFile: string | undefined): unknown {
  if (!(error instanceof UndecryptableSecretError)) return error;
  if (ringFile === undefined) return new UndecryptableSecretError(error.problem, config.commands.rotateSecrets);
  return lostDevelopmentKey(error.problem, ringFile, config.dataDir, config.commands.start);
}

/** Starts the service step by step, each started part recorded to be stopped in reverse. */
async function start(config: Config, log: Logger): Promise<void> {
  const database = await startDatabase({
    ...config,
    log,
    signal: lifecycle.signal,
    track: (name, stop) => lifecycle.add(name, stop),
  });
  lifecycle.throwIfStopping();
  const { keys, ringFile } = await secretKeys(config, log);
  const [secretKey, ...secretReadKeys] = keys;
  if (secretKey === undefined) throw new Error('no secret key');
  let authTokens = config.authTokens;
  let printToken: string | undefined;
  if (authTokens === undefined) {
    const generated = await embeddedAdminToken(config.dataDir);
    authTokens = generated.tokens;
    printToken = generated.tokens[0]?.token;
    log.warn({ file: generated.file }, generated.created ? 'AUTH_TOKENS not set: generated an admin token' : 'AUTH_TOKENS not set: using the kept admin token');
  }

  // Loaded once the signal handlers are in place: the app's modules take a while to load.
  const { appSettings, buildApp } = await import('./app.js');
  lifecycle.throwIfStopping();
  const adminConsole = config.adminConsole.enabled ? { oidc: config.adminConsole.oidc } : undefined;
  const app = await buildApp({ ...appSettings(config), databaseUrl: database.url, secretKey, secretReadKeys, authTokens, logger: log, adminConsole }).catch(
    (error: unknown) => {
      throw explainUndecryptable(error, config, ringFile);
    },
  );
  lifecycle.add('service', () => app.close());
  lifecycle.throwIfStopping();
  const address = await app.http.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
    throw listenFailure(error, config.host, config.port);
  });
  const browsable = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const consoleUrl = adminConsole ? `${browsable}/admin` : undefined;
  log.info({ url: `${browsable}/graphql`, adminConsole: consoleUrl }, 'mail-session-service ready');
  if (printToken !== undefined) {
    // The one place a token is printed: the generated development token, so Sandbox and the console can be used.
    // The console moves a #token= fragment into session storage and out of the address bar at once.
    const consoleLine = consoleUrl === undefined ? '' : `  Admin console: ${consoleUrl}#token=${encodeURIComponent(printToken)}\n`;
    process.stdout.write(
      `\n${consoleLine}  GraphQL / Apollo Sandbox: ${browsable}/graphql\n  Admin token (development): ${printToken}\n  Send it as: Authorization: Bearer ${printToken}\n\n`,
    );
  }
}

/** One line for an expected failure (the setting and what to do); a stack only for the unexpected. */
function report(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`mail-session-service: configuration error: ${error.message}\n`);
  } else if (error instanceof StartupFailure) {
    process.stderr.write(`mail-session-service: cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`mail-session-service: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
}

function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    report(error);
    process.exit(1);
  }
  const log = createLogger(config.logLevel, stdoutLogOutput({ format: config.logFormat, isProduction: config.isProduction }));
  // Requests and sends in flight get SHUTDOWN_TIMEOUT_MS; the embedded database a few seconds more.
  lifecycle.configure(log, config.shutdownTimeoutMs + 5_000);
  // npm's `sh -c` dies on a forwarded SIGTERM without passing it on: then npm's exit is the signal.
  if (config.launchedByNpm) lifecycle.stopWithParent();
  return lifecycle.run(() => start(config, log), report);
}

void main();
