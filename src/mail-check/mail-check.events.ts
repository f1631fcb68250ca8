import { DomainError } from '../platform/errors/domain-errors.js';

/** One tested server of a testMailSession and how it ended: `ok`, or the code of its failed step. */
export interface ServerCheckOutcome {
  server: 'outgoing' | 'incoming';
  result: string;
}

/**
 * What the connection checks tell an observer (the metrics) as they end; every hook optional.
 * Outcomes: `ok`; for a test whose report is not ok, `failed`; for a call refused or failed with
 * an error, its `extensions.code` (e.g. RATE_LIMITED, SEND_FAILED, UNAVAILABLE).
 */
export interface MailCheckEvents {
  tested?(outcome: string, servers: readonly ServerCheckOutcome[]): void;
  emailed?(outcome: string): void;
}

/** The outcome of a call that threw `error`: a domain error's code, else INTERNAL_SERVER_ERROR (it is masked as such). */
export function errorOutcome(error: unknown): string {
  const code = error instanceof DomainError ? error.extensions.code : undefined;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
