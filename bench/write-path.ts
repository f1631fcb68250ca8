import { Client } from 'pg';
import { CHANGE_CHANNEL } from '../src/platform/database/change-listener';
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
 * Commit times as PostgreSQL announces them: NOTIFY is delivered only once the transaction has
 * committed, so the moment this connection receives a version is the commit, give or take the
 * delivery (well under a millisecond on loopback, and the instances' listeners get it the same way).
 */
async function commitClock(databaseUrl: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const committedAt = new Map<number, number>();
  const waiting = new Map<number, (at: number) => void>();
  client.on('notification', (message) => {
    const at = performance.now();
    const version = Number(message.payload);
    committedAt.set(version, at);
    waiting.get(version)?.(at);
  });
  await client.query(`LISTEN ${CHANGE_CHANNEL}`);
  return {
    committed(version: number): Promise<number> {
      const at = committedAt.get(version);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => waiting.set(version, resolve));
    },
    close: () => client.end(),
  };
}

/**
 * updateMailSession latency on one instance, and the time from the commit (see commitClock) until
 * all three instances report the new version applied, as clients see it (polled over HTTP as fast
 * as each instance answers). Also from the start of the request (an upper bound) and from the
 * writer's answer (the writer applies before answering).
 */
export async function writePath(instances: Child[], adminToken: string, changes: number, baseVersion: number, databaseUrl: string) {
  const [writer] = instances;
  if (!writer) throw new Error('no instance');
  const url = `http://127.0.0.1:${writer.port}/graphql`;
  const latencies: number[] = [];
  const fromRequest: number[] = [];
  const fromCommit: number[] = [];
  const afterAnswer: number[] = [];
  // Update latency alone, then propagation with pollers (whose load would skew the first).
  for (let i = 0; i < changes; i++) {
    const started = performance.now();
    await updateTo(url, adminToken, `smtp-${i}.bench.test`);
    latencies.push(performance.now() - started);
  }
  const clock = await commitClock(databaseUrl);
  try {
    for (let i = 0; i < changes; i++) {
      const next = baseVersion + changes + i + 1;
      const deadline = Date.now() + 5_000;
      const started = performance.now();
      const update = updateTo(url, adminToken, `smtp-${next}.bench.test`);
      const committed = clock.committed(next);
      const seen = Promise.all(instances.map((instance) => appliedAt(instance, adminToken, next, deadline)));
      const version = await update;
      const answeredAt = performance.now();
      if (version !== next) throw new Error(`expected version ${next}, got ${version}`);
      const lastSeen = Math.max(...(await seen));
      fromRequest.push(lastSeen - started);
      fromCommit.push(Math.max(0, lastSeen - (await committed)));
      afterAnswer.push(Math.max(0, lastSeen - answeredAt));
    }
  } finally {
    await clock.close();
  }
  return {
    changes,
    updateP50: median(latencies),
    updateP99: percentile(latencies, 99),
    appliedFromCommitP50: median(fromCommit),
    appliedFromCommitP99: percentile(fromCommit, 99),
    appliedOnAllP50: median(fromRequest),
    appliedOnAllP99: percentile(fromRequest, 99),
    appliedAfterAnswerP50: median(afterAnswer),
    appliedAfterAnswerP99: percentile(afterAnswer, 99),
  };
}
