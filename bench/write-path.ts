import type { Child } from './support/processes';
import { percentile, median } from './support/load';

async function updateTo(url: string, token: string, host: string): Promise<number> {
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

const APPLIED = JSON.stringify({ query: '{ mailSession { transports { outgoing { appliedVersion } } } }' });

/** Polls one instance until it reports `version` applied; resolves with the time it saw it. */
async function appliedAt(instance: Child, token: string, version: number, deadline: number): Promise<number> {
  const url = `http://127.0.0.1:${instance.port}/graphql`;
  while (Date.now() < deadline) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: APPLIED });
    const body = (await response.json()) as { data?: { mailSession?: { transports?: { outgoing?: { appliedVersion?: number } } } } };
    if ((body.data?.mailSession?.transports?.outgoing?.appliedVersion ?? 0) >= version) return performance.now();
  }
  throw new Error(`version ${version} not applied on instance :${instance.port} within 5 s`);
}

/**
 * updateMailSession latency on one instance, and the time from sending the mutation until all
 * three instances report the new version applied, as clients see it (polled over HTTP as fast as
 * each instance answers): an upper bound on commit → applied.
 */
export async function writePath(instances: Child[], adminToken: string, changes: number, baseVersion: number) {
  const [writer] = instances;
  if (!writer) throw new Error('no instance');
  const url = `http://127.0.0.1:${writer.port}/graphql`;
  const latencies: number[] = [];
  const propagation: number[] = [];
  // The writer commits, applies and then answers: its answer is the closest observable to the commit.
  const afterAnswer: number[] = [];
  // Update latency alone, then propagation with pollers (whose load would skew the first).
  for (let i = 0; i < changes; i++) {
    const started = performance.now();
    await updateTo(url, adminToken, `smtp-${i}.bench.test`);
    latencies.push(performance.now() - started);
  }
  for (let i = 0; i < changes; i++) {
    const next = baseVersion + changes + i + 1;
    const deadline = Date.now() + 5_000;
    const started = performance.now();
    const update = updateTo(url, adminToken, `smtp-${next}.bench.test`);
    const seen = Promise.all(instances.map((instance) => appliedAt(instance, adminToken, next, deadline)));
    const version = await update;
    const answeredAt = performance.now();
    if (version !== next) throw new Error(`expected version ${next}, got ${version}`);
    const lastSeen = Math.max(...(await seen));
    propagation.push(lastSeen - started);
    afterAnswer.push(Math.max(0, lastSeen - answeredAt));
  }
  return {
    changes,
    updateP50: median(latencies),
    updateP99: percentile(latencies, 99),
    appliedOnAllP50: median(propagation),
    appliedOnAllP99: percentile(propagation, 99),
    appliedAfterAnswerP50: median(afterAnswer),
    appliedAfterAnswerP99: percentile(afterAnswer, 99),
  };
}
