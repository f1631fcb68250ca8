import { isatty } from 'node:tty';
import pino, { type Logger } from 'pino';
import { LogOutput } from './log-output.js';
import { prettyFormatter } from './pretty-format.js';

/** Paths that may hold a secret in anything we log; pino replaces them before serializing. */
const REDACT = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'password',
  '*.password',
  '*.*.password',
  'pass',
  '*.pass',
  '*.*.pass',
  'token',
  '*.token',
];

/**
 * JSON logs to `destination`, by default stdout through a {@link LogOutput}: each line is out at
 * once while the service logs little, in batches under load (see the benchmark notes in the
 * README), and always within 100 ms.
 */
export function createLogger(level: string, destination: pino.DestinationStream = new LogOutput()): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'mail-session-service' } }, destination);
}

/** What the service's stdout logger is asked for: `LOG_FORMAT` and whether this is production. */
export interface StdoutLogSettings {
  readonly format: 'auto' | 'json' | 'pretty';
  readonly isProduction: boolean;
}

/**
 * The service's stdout: human-readable lines (pino-pretty) with `pretty`, or with `auto` in a
 * terminal outside production; JSON otherwise, and also when pino-pretty (a development
 * dependency, absent from the production image) is not installed.
 */
export function stdoutLogOutput(settings: StdoutLogSettings, isTerminal = isatty(1)): LogOutput {
  const wantsPretty = settings.format === 'pretty' || (settings.format === 'auto' && isTerminal && !settings.isProduction);
  return new LogOutput({ format: wantsPretty ? prettyFormatter(isTerminal) : undefined });
}
