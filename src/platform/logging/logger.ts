import pino, { type Logger } from 'pino';

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
 * JSON logs to `destination`, by default stdout written asynchronously in 4 KiB batches: a
 * synchronous write per line was the largest single cost of a request under load (see the
 * benchmark notes in the README). pino flushes the buffer when the process exits.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const target = destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 });
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'mail-session-service' } }, target);
}
