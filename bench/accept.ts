import { readFileSync } from 'node:fs';
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

/** Messages of `createdBy` committed with their pg-boss delivery job (a message without one would not count). */
async function rowsBy(databaseUrl: string, createdBy: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [row] = (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbound_message m
           JOIN pgboss.job j ON j.name = 'outbound-delivery' AND (j.data->>'id')::uuid = m.id
          WHERE m.created_by = $1`,
        [createdBy],
      )
    ).rows;
    return row?.n ?? 0;
  } finally {
    await client.end();
  }
}

/** CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * sendEmail accepted messages/s and latency at `connections` connections against a plain node:http
 * + pg server writing the same message row and pg-boss job row, in the same run. Accepted messages
 * are counted as committed rows that have their job, not as HTTP 200s (a GraphQL error is a 200 too).
 */
export async function acceptPath(
  urls: { service: string; plain: string; senderToken: string },
  databaseUrl: string,
  seconds: number,
  connections: number,
  pids: { service?: number | undefined; plain?: number | undefined } = {},
) {
  // CPU ms per accepted message of the server's own process: steadier than messages/s on a shared
  // machine, where other processes take the cores in turns.
  const run = async (
    url: string,
    createdBy: string,
    headers: Record<string, string>,
    tag: string,
    pid: number | undefined,
  ): Promise<LoadResult & { accepted: number; acceptedPerSecond: number; cpuMsPerMessage: number }> => {
    const before = await rowsBy(databaseUrl, createdBy);
    const cpuBefore = cpuMs(pid);
    const result = await load({ url, connections, durationSeconds: seconds, headers, bodyFor: bodyFor(tag) });
    const cpu = cpuMs(pid) - cpuBefore;
    const accepted = (await rowsBy(databaseUrl, createdBy)) - before;
    return { ...result, accepted, acceptedPerSecond: accepted / seconds, cpuMsPerMessage: cpu / accepted };
  };
  const serviceHeaders = { authorization: `Bearer ${urls.senderToken}` };
  // Warm-up of both, then the measured runs.
  await run(urls.service, 'app', serviceHeaders, `warm-${Date.now()}`, pids.service);
  await run(urls.plain, 'plain', {}, `warm-plain-${Date.now()}`, pids.plain);
  const service = await run(urls.service, 'app', serviceHeaders, `svc-${Date.now()}`, pids.service);
  const plain = await run(urls.plain, 'plain', {}, `plain-${Date.now()}`, pids.plain);
  return { connections, seconds, service, plain, ratio: service.acceptedPerSecond / plain.acceptedPerSecond };
}
