// Baseline of sendEmail: node:http and a pg pool (10 connections, as the service's) writing the
// same outbound_message row and the same pg-boss job row (queue `outbound-delivery`, declared by
// the service) the way the service does, in ONE statement, with no GraphQL, validation or MIME.
// Both sides thus do the same database work per message: what the ratio measures is the service's
// own cost (HTTP, GraphQL, auth, validation, composing, Prisma).
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Pool } from 'pg';

interface Input {
  to: string[];
  subject: string;
  text: string;
  idempotencyKey: string;
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

// The job as pg-boss 10's send(name, { id }) writes it (src/plans.js insertJob), for the new message only.
const ACCEPT = `
  WITH accepted AS (
    INSERT INTO outbound_message (id, message_id, created_by, idempotency_key, content_hash, to_addresses, subject, text_body, size_bytes)
    VALUES ($1, $2, 'plain', $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id
  ), job AS (
    INSERT INTO pgboss.job (id, name, data, priority, start_after, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
    SELECT gen_random_uuid(), q.name, jsonb_build_object('id', a.id), 0, now(), q.dead_letter,
           CASE WHEN q.expire_seconds IS NOT NULL THEN q.expire_seconds * interval '1s' ELSE interval '15 minutes' END,
           now() + CAST(COALESCE((q.retention_minutes * 60)::text, '14 days') AS interval),
           COALESCE(q.retry_limit, 2),
           CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(q.retry_delay, 1) ELSE COALESCE(q.retry_delay, 0) END,
           COALESCE(q.retry_backoff, false), q.policy
      FROM accepted a LEFT JOIN pgboss.queue q ON q.name = 'outbound-delivery'
    RETURNING id
  )
  SELECT count(*)::int AS accepted FROM accepted`;

async function accept(raw: string): Promise<string> {
  const { variables } = JSON.parse(raw) as { variables: { input: Input } };
  const { input } = variables;
  const id = randomUUID();
  await pool.query(ACCEPT, [
    id,
    `<${id}@bench.test>`,
    input.idempotencyKey,
    createHash('sha256').update(raw).digest('hex'),
    input.to,
    input.subject,
    input.text,
    raw.length,
  ]);
  return JSON.stringify({ data: { sendEmail: { duplicate: false, message: { id, status: 'QUEUED' } } } });
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    accept(Buffer.concat(chunks).toString('utf8')).then(
      (body) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      },
      () => {
        response.writeHead(500);
        response.end();
      },
    );
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
