/**
 * The first connection to a configured database at start-up: an unreachable one (refused, host not
 * found, no answer) is retried with a line per attempt until `timeoutMs`, as when the service and
 * its database start together; every failure ends as one line naming DATABASE_URL and what to do.
 */
import { Client } from 'pg';
import { StartupFailure } from '../lifecycle/startup-failure.js';

export interface ConnectOptions {
  /** `DATABASE_CONNECT_TIMEOUT_MS`: keep retrying an unreachable database this long; 0: one attempt. */
  timeoutMs: number;
  /** Called before each retry. */
  onRetry: (attempt: { attempt: number; retryInMs: number; reason: string; elapsedMs: number }) => void;
  signal?: AbortSignal;
}

/** Codes (Node socket, DNS, PostgreSQL SQLSTATE) of a database that is not there yet, and what each means. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed for now',
  ETIMEDOUT: 'no answer',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  '57P03': 'the database is starting up',
};

const ATTEMPT_TIMEOUT_MS = 5_000;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why the attempt failed when the database is unreachable; undefined when it answered (and refused). */
function unreachableReason(error: unknown): string | undefined {
  const code = codeOf(error);
  if (code !== undefined) return UNREACHABLE[code];
  // node-postgres reports its own connect timeout and a dropped connection without a code.
  if (error instanceof Error && /timeout|Connection terminated/i.test(error.message)) return 'no answer';
  return undefined;
}

function where(url: URL): { server: string; database: string; user: string } {
  return {
    server: `${url.hostname}:${url.port || '5432'}`,
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
    user: decodeURIComponent(url.username),
  };
}

/** The one line a failed connection ends in: it names DATABASE_URL and never its password. */
function failure(error: unknown, url: URL, gaveUpAfterMs: number | undefined): Error {
  const { server, database, user } = where(url);
  const code = codeOf(error);
  const reason = unreachableReason(error);
  const waited =
    gaveUpAfterMs === undefined
      ? ''
      : ` (gave up after ${Math.round(gaveUpAfterMs / 1000)} s; DATABASE_CONNECT_TIMEOUT_MS sets how long to wait for a database that starts later)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StartupFailure('DATABASE_URL', `the database host "${url.hostname}" does not resolve: correct the host name, or start the database${waited}`, {
      cause: error,
    });
  }
  if (reason !== undefined) {
    return new StartupFailure('DATABASE_URL', `cannot reach PostgreSQL at ${server} (${reason}): start the database, or correct the host and port${waited}`, {
      cause: error,
    });
  }
  if (code === '28P01') {
    return new StartupFailure('DATABASE_URL', `PostgreSQL at ${server} refused the password of user "${user}": correct the user name or password`, {
      cause: error,
    });
  }
  if (code === '3D000') {
    return new StartupFailure(
      'DATABASE_URL',
      `database "${database}" does not exist on ${server}: create it (e.g. \`createdb -h ${url.hostname} -p ${url.port || '5432'} -U ${user} ${database}\`) or correct the name`,
      {
        cause: error,
      },
    );
  }
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code) && error instanceof Error) {
    // PostgreSQL's own message (no password in it): role missing, no pg_hba.conf entry, SSL required, ...
    return new StartupFailure('DATABASE_URL', `PostgreSQL at ${server} refused the connection: ${error.message} (SQLSTATE ${code})`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** Connects once and runs `SELECT 1`. */
async function attempt(connectionString: string): Promise<void> {
  const client = new Client({ connectionString, connectionTimeoutMillis: ATTEMPT_TIMEOUT_MS, application_name: 'mail-session-startup' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Resolves once the database answers; retries an unreachable one with backoff (0.5 s doubling to 5 s) for `timeoutMs`. */
export async function waitForDatabase(connectionString: string, options: ConnectOptions): Promise<void> {
  const url = new URL(connectionString);
  const started = Date.now();
  for (let count = 1, delay = 500; ; count++, delay = Math.min(delay * 2, 5_000)) {
    options.signal?.throwIfAborted();
    try {
      await attempt(connectionString);
      return;
    } catch (error) {
      options.signal?.throwIfAborted();
      const reason = unreachableReason(error);
      const elapsedMs = Date.now() - started;
      if (reason === undefined) throw failure(error, url, undefined);
      if (elapsedMs + delay > options.timeoutMs) throw failure(error, url, options.timeoutMs === 0 ? undefined : elapsedMs);
      options.onRetry({ attempt: count, retryInMs: delay, reason, elapsedMs });
      await pause(delay, options.signal);
    }
  }
}
