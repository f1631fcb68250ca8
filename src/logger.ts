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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'mail-session-service' } }, destination);
}
