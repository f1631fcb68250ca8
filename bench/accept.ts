import { Client } from 'pg';
import { load, type LoadResult } from './support/load';

const SEND = 'mutation Send($input: SendEmailInput!) { sendEmail(input: $input) { duplicate message { id status } } }';
const TEXT = 'Your order has shipped. '.repeat(40);

/** A distinct small message per request, each with its own idempotency key (the unique-index path). */
function bodyFor(run: string) {
  return (n: number) =>
    JSON.stringify({
      query: SEND,
      variables: { input: { to: [`customer-${n}@example.com`], subject: `Order ${n} shipped`, text: TEXT, idempotencyKey: `${run}-${n}` } },
    });
}

async function rowsBy(databaseUrl: string, createdBy: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [row] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM outbound_message WHERE created_by = $1', [createdBy])).rows;
    return row?.n ?? 0;
  } finally {
    await client.end();
  }
}

/** The job table both sides write to: the queue of accept-service.ts and the baseline's. */
export async function createJobTable(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    'CREATE TABLE IF NOT EXISTS bench_outbound_job (id bigserial PRIMARY KEY, message_id uuid NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  await client.end();
}

/**
 * sendEmail accepted messages/s and latency at `connections` connections against a plain node:http
 * + pg server writing the same message row and job row, in the same run. Accepted messages are
 * counted as committed rows, not as HTTP 200s (a GraphQL error is a 200 too).
 */
export async function acceptPath(urls: { service: string; plain: string; senderToken: string }, databaseUrl: string, seconds: number, connections: number) {
  const run = async (
    url: string,
    createdBy: string,
    headers: Record<string, string>,
    tag: string,
  ): Promise<LoadResult & { accepted: number; acceptedPerSecond: number }> => {
    const before = await rowsBy(databaseUrl, createdBy);
    const result = await load({ url, connections, durationSeconds: seconds, headers, bodyFor: bodyFor(tag) });
    const accepted = (await rowsBy(databaseUrl, createdBy)) - before;
    return { ...result, accepted, acceptedPerSecond: accepted / seconds };
  };
  // Warm-up of both, then the measured runs.
  await run(urls.service, 'app', { authorization: `Bearer ${urls.senderToken}` }, `warm-${Date.now()}`);
  await run(urls.plain, 'plain', {}, `warm-plain-${Date.now()}`);
  const service = await run(urls.service, 'app', { authorization: `Bearer ${urls.senderToken}` }, `svc-${Date.now()}`);
  const plain = await run(urls.plain, 'plain', {}, `plain-${Date.now()}`);
  return { connections, seconds, service, plain, ratio: service.acceptedPerSecond / plain.acceptedPerSecond };
}
