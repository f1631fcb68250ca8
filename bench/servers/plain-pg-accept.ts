// Baseline of sendEmail: node:http and a pg pool (10 connections, as the service's) writing the
// same outbound_message row and job row in one transaction, with no GraphQL, validation or MIME.
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

async function accept(raw: string): Promise<string> {
  const { variables } = JSON.parse(raw) as { variables: { input: Input } };
  const { input } = variables;
  const id = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      `INSERT INTO outbound_message (id, message_id, created_by, idempotency_key, content_hash, to_addresses, subject, text_body, size_bytes)
       VALUES ($1, $2, 'plain', $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [id, `<${id}@bench.test>`, input.idempotencyKey, createHash('sha256').update(raw).digest('hex'), input.to, input.subject, input.text, raw.length],
    );
    if (inserted.rowCount === 1) await client.query('INSERT INTO bench_outbound_job (message_id) VALUES ($1)', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
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
