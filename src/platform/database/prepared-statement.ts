import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/**
 * A statement run many times on the pg pool, sent as a named prepared statement: each connection
 * has PostgreSQL parse and plan it once (and, after a few runs, keep a generic plan when that is
 * no dearer), instead of at every run. For outbound delivery's claim and record statements,
 * planning cost PostgreSQL as much CPU as running them (pg_stat_statements, bench).
 *
 * The name comes from the text, so two statements never share a name, and one text built again is
 * the same statement. Behind PgBouncer in transaction mode, named statements need PgBouncer 1.21
 * or later with `max_prepared_statements` set (README, production).
 */
export class PreparedStatement {
  readonly name: string;

  constructor(readonly text: string) {
    this.name = `mss_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
  }

  /** The query to run with these values. */
  with(values: unknown[]): QueryConfig {
    return { name: this.name, text: this.text, values };
  }
}
