import type { Child } from './support/processes';
import { percentile, median } from './support/load';

async function update(url: string, token: string, host: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($i: UpdateMailSessionInput!) { updateMailSession(input: $i) { mailSession { version } } }',
      variables: { i: { outgoing: { host } } },
    }),
  });
  const body = (await response.json()) as { data?: { updateMailSession?: { mailSession?: { version?: number } } }; errors?: unknown };
  const version = body.data?.updateMailSession?.mailSession?.version;
  if (typeof version !== 'number') throw new Error(`update failed: ${JSON.stringify(body.errors)}`);
  return version;
}

/** When an instance logged that it applied `version` (pino's epoch milliseconds). */
function appliedAt(instance: Child, version: number): number | undefined {
  const line = instance.logs.find((l) => l.msg === 'mail transports applied' && l.version === version);
  return typeof line?.time === 'number' ? line.time : undefined;
}

/**
 * updateMailSession latency on one instance, and the time from sending the mutation until all
 * three instances logged that they applied the new version (an upper bound on commit → applied).
 */
export async function writePath(instances: Child[], adminToken: string, changes: number) {
  const [writer] = instances;
  if (!writer) throw new Error('no instance');
  const url = `http://127.0.0.1:${writer.port}/graphql`;
  const latencies: number[] = [];
  const propagation: number[] = [];
  for (let i = 0; i < changes; i++) {
    const sentAt = Date.now();
    const started = performance.now();
    const version = await update(url, adminToken, `smtp-${i}.bench.test`);
    latencies.push(performance.now() - started);
    const deadline = Date.now() + 5_000;
    let times: Array<number | undefined> = [];
    while (Date.now() < deadline) {
      times = instances.map((instance) => appliedAt(instance, version));
      if (times.every((t) => t !== undefined)) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (!times.every((t) => t !== undefined)) throw new Error(`version ${version} not applied on every instance within 5 s`);
    propagation.push(Math.max(...(times as number[])) - sentAt);
  }
  return {
    changes,
    updateP50: median(latencies),
    updateP99: percentile(latencies, 99),
    appliedOnAllP50: median(propagation),
    appliedOnAllP99: percentile(propagation, 99),
  };
}
