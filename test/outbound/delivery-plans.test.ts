/**
 * The plans PostgreSQL makes of delivery's statements (claim, record, put-back) and of the job
 * queue's fetch, generic (as a prepared statement keeps after a few runs, whatever the statistics
 * said when it was planned) and custom, on 10,000 messages: the due jobs are walked in the order
 * of pg-boss's due-job index, stopping at the limit, and every other row is reached by its
 * primary key. A claim that sorted every due job, or a join that scanned a table, would cost in
 * proportion to the backlog or to the 30 days of records kept.
 */
import { Client } from 'pg';
import { OUTBOUND_QUEUE_NAME } from '../../src/outbound/outbound-delivery-queue';
import { deliveryStatements, type DeliveryStatements } from '../../src/outbound/outbound-delivery.statements';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDeliveryQueue } from '../support/delivery-queue';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** pg-boss's job table is partitioned per queue, a partition and its indexes named from a hash: "job". */
const unhashed = (name: string) => name.replace(/^j[0-9a-f]{56}/, 'job');

/** Every table scan of the plan, as "relation via index" (a bitmap scan: via its index scans; a sequential scan: "via (Seq Scan)"). */
const scansOf = (nodes: readonly PlanNode[]) =>
  nodes
    .filter((node) => node['Relation Name'] !== undefined && node['Node Type'] !== 'ModifyTable')
    .map((node) => {
      const indexes =
        node['Node Type'] === 'Bitmap Heap Scan'
          ? nodesOf(node).flatMap((child) => child['Index Name'] ?? [])
          : [node['Index Name'] ?? `(${node['Node Type']})`];
      return `${unhashed(node['Relation Name'] ?? '')} via ${indexes.map(unhashed).join(' and ')}`;
    });

describe('the plans of the claim and record statements', () => {
  let db: TestDatabase;
  let jobs: JobQueue;
  let statements: DeliveryStatements;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startDeliveryQueue(db.url, 'test-delivery-plans');
    jobs = started.jobs;
    const queue = started.queue;
    statements = deliveryStatements(queue);
    // A backlog among the records kept (some sending, most sent, their jobs completed), the statistics up to date.
    await db.query(
      `WITH accepted AS (
        INSERT INTO outbound_message (id, message_id, created_by, content_hash, to_addresses, subject, size_bytes, status)
        SELECT id, '<' || id || '@plans.test>', 'plans', id::text, ARRAY['someone@outbound.test'], 'bulk ' || n, 10,
          (CASE WHEN n <= 8000 THEN 'SENT' WHEN n <= 8010 THEN 'SENDING' ELSE 'QUEUED' END)::"OutboundStatus"
        FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 10000) n) g
        RETURNING id
      ), jobs AS (${queue.jobStatement('accepted')})
      SELECT count(*) FROM jobs`,
    );
    await db.query(
      `UPDATE pgboss.job j SET state = (CASE m.status WHEN 'SENT' THEN 'completed' ELSE 'active' END)::pgboss.job_state, started_on = now()
       FROM outbound_message m WHERE m.id = (j.data->>'id')::uuid AND m.status <> 'QUEUED'`,
    );
    await db.query('VACUUM ANALYZE outbound_message');
    await db.query('VACUUM ANALYZE pgboss.job');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`PREPARE claim_due AS ${statements.claimDue.text}`);
    await client.query(`PREPARE record_finals AS ${statements.recordFinals.text}`);
    await client.query(`PREPARE unclaim AS ${statements.unclaim.text}`);
    await client.query(`PREPARE fetch_jobs AS ${jobs.fetchJobsStatement(OUTBOUND_QUEUE_NAME)}`);
  });
  afterAll(async () => {
    await client?.end();
    await jobs?.stop();
    await db?.drop();
  });

  const planOf = async (mode: 'force_generic_plan' | 'force_custom_plan', execute: string): Promise<PlanNode[]> => {
    await client.query(`SET plan_cache_mode = ${mode}`);
    const { rows: plan } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) EXECUTE ${execute}`);
    const root = plan[0]?.['QUERY PLAN'][0].Plan;
    if (!root) throw new Error('EXPLAIN gave no plan');
    return nodesOf(root);
  };
  it.each(['force_generic_plan', 'force_custom_plan'] as const)('claims by walking the due jobs in order, and the messages by their key (%s)', async (mode) => {
    const nodes = await planOf(mode, 'claim_due(4)');
    expect(nodes.filter((node) => node['Node Type'] === 'Sort')).toEqual([]);
    // The due jobs in the order of pg-boss's index on (name, start_after), the claimed ones by key.
    expect(scansOf(nodes).sort()).toEqual([
      'job via job_i5',
      'job via job_pkey',
      'outbound_message via outbound_message_pkey',
      'outbound_message via outbound_message_pkey',
    ]);
  });

  it.each(['force_generic_plan', 'force_custom_plan'] as const)('records outcomes on the messages by their key (%s)', async (mode) => {
    const outcome = JSON.stringify([
      { id: '00000000-0000-4000-8000-000000000001', status: 'SENT', accepted: ['a@outbound.test'], rejected: [], reply: '250 ok', version: 1 },
    ]);
    const nodes = await planOf(mode, `record_finals('${outcome}', '{00000000-0000-4000-8000-000000000002}')`);
    expect(scansOf(nodes).sort()).toEqual(['job via job_pkey', 'outbound_message via outbound_message_pkey']);
  });

  it.each(['force_generic_plan', 'force_custom_plan'] as const)(
    'fetches jobs alone (paced delivery, webhook pushes) by walking the due jobs in order (%s)',
    async (mode) => {
      const nodes = await planOf(mode, 'fetch_jobs(4)');
      expect(nodes.filter((node) => node['Node Type'] === 'Sort')).toEqual([]);
      expect(scansOf(nodes).sort()).toEqual(['job via job_i5', 'job via job_pkey']);
    },
  );

  it.each(['force_generic_plan', 'force_custom_plan'] as const)('puts a claim back by the keys of its job and message (%s)', async (mode) => {
    const [job, message] = ['00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004'];
    const nodes = await planOf(mode, `unclaim('${job}', now(), 'created', NULL, 0, '${message}', 'QUEUED', NULL, NULL)`);
    expect(scansOf(nodes).sort()).toEqual(['job via job_pkey', 'outbound_message via outbound_message_pkey']);
  });
});
