import { load, median, type LoadResult } from './support/load';

export interface ReadTargets {
  service: string;
  hello: string;
  plain: string;
  viewerToken: string;
}

const READ = JSON.stringify({
  query:
    '{ mailSession { version incoming { host port security } outgoing { host port security passwordSet } transports { outgoing { state appliedVersion } } } }',
});
const HELLO = JSON.stringify({ query: '{ hello }' });

function summarize(runs: LoadResult[]): LoadResult {
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

/**
 * The mailSession query through the whole stack against an Apollo "hello" on the same HTTP
 * integration and a plain node:http response, alternating rounds so drift hits all three alike.
 */
export async function readPath(targets: ReadTargets, rounds: number, seconds: number, connections: number) {
  const auth = { authorization: `Bearer ${targets.viewerToken}` };
  const runs: Record<'service' | 'hello' | 'plain', LoadResult[]> = { service: [], hello: [], plain: [] };
  // Warm-up: JIT, pools, caches.
  await load({ url: targets.service, connections, durationSeconds: 1, headers: auth, body: READ });
  await load({ url: targets.hello, connections, durationSeconds: 1, body: HELLO });
  for (let round = 0; round < rounds; round++) {
    runs.service.push(await load({ url: targets.service, connections, durationSeconds: seconds, headers: auth, body: READ }));
    runs.hello.push(await load({ url: targets.hello, connections, durationSeconds: seconds, body: HELLO }));
    runs.plain.push(await load({ url: targets.plain, connections, durationSeconds: seconds, body: HELLO }));
  }
  const service = summarize(runs.service);
  const hello = summarize(runs.hello);
  const plain = summarize(runs.plain);
  return {
    connections,
    service,
    hello,
    plain,
    ratioToHello: service.requestsPerSecond / hello.requestsPerSecond,
    p99RatioToHello: service.p99 / hello.p99,
    ratioToPlain: service.requestsPerSecond / plain.requestsPerSecond,
  };
}

/** The same read with a distinct query text per request (an alias that changes), at 50 connections. */
export async function distinctQueries(serviceUrl: string, viewerToken: string, seconds: number) {
  const result = await load({
    url: serviceUrl,
    connections: 50,
    durationSeconds: seconds,
    headers: { authorization: `Bearer ${viewerToken}` },
    bodyFor: (n) => JSON.stringify({ query: `{ q${n}: mailSession { version outgoing { host port } } }` }),
  });
  return { connections: 50, ...result };
}
