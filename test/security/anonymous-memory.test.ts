/**
 * Issue 10, class 1: anonymous memory exhaustion. Distinct query texts of ~240 KB (a comment pads
 * them), each sent twice without a token, grew the heap until V8 aborted: every parsed document
 * kept its whole text, the document store measured it as a few hundred bytes of JSON, and
 * automatic persisted queries took registrations from anyone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';

const READ = 'query Read { mailSession { version outgoing { host port } } }';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(url: string, body: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const codeOf = (answer: Answer): string | undefined => answer.body.errors?.[0]?.extensions?.code;

describe('requests that reach GraphQL', () => {
  const t = useTestApp();

  it('refuses an anonymous POST with an unparseable document as UNAUTHENTICATED (401), not as a parse error', async () => {
    const answer = await post(t.url, { query: 'query { this is { not graphql' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(codeOf(answer)).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad token as UNAUTHENTICATED with an invalid_token challenge, before parsing', async () => {
    const answer = await post(t.url, { query: '{{{' }, 'not-a-token-of-this-service');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(codeOf(answer)).toBe('UNAUTHENTICATED');
  });

  it('refuses an anonymous GET query with 401', async () => {
    const response = await fetch(`${t.url}?query=${encodeURIComponent(READ)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a query text longer than the limit with BAD_REQUEST (400), even with a valid token', async () => {
    const long = `${READ}\n#${'x'.repeat(16 * 1024)}`;
    const answer = await post(t.url, { query: long }, VIEWER_TOKEN);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('BAD_REQUEST');
    expect(answer.body.data).toBeUndefined();
    // Just under the limit is parsed and answered.
    const fits = await post(t.url, { query: `${READ}\n#${'x'.repeat(16 * 1024 - READ.length - 3)}` }, VIEWER_TOKEN);
    expect(fits.status).toBe(200);
    expect(fits.body.data?.mailSession).toBeDefined();
  });

  it('counts a multi-byte query text by its UTF-8 bytes', async () => {
    const answer = await post(t.url, { query: `${READ}\n#${'é'.repeat(9 * 1024)}` }, VIEWER_TOKEN);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('BAD_REQUEST');
  });

  it('refuses an automatic persisted query registration with PERSISTED_QUERY_NOT_SUPPORTED, and anonymously with 401', async () => {
    const { createHash } = await import('node:crypto');
    const sha256Hash = createHash('sha256').update(READ).digest('hex');
    const registration = { query: READ, extensions: { persistedQuery: { version: 1, sha256Hash } } };
    const asAdmin = await post(t.url, registration, ADMIN_TOKEN);
    expect(codeOf(asAdmin)).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect(asAdmin.body.data).toBeUndefined();
    const byHash = await post(t.url, { extensions: registration.extensions }, ADMIN_TOKEN);
    expect(codeOf(byHash)).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    const anonymous = await post(t.url, registration);
    expect(anonymous.status).toBe(401);
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('still answers the health routes anonymously', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

/*
 * The flood runs against the built service in a process of its own (`node dist/main.js`, as
 * `npm start` runs it, with its heap flags), so that its resident memory can be read from /proc.
 */
const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
const FLOOD_MS = 60_000;
const MAX_RSS_BYTES = 200 * 2 ** 20;
const BIG_PAD = 240_000;
/** Just under GRAPHQL_MAX_QUERY_BYTES: parsed, validated and, on its second sighting, stored. */
const FITTING_PAD = 16 * 1024 - 200;
const WORKERS_PER_FLOOD = 3;

/** VmRSS of `pid`, in bytes, from /proc/<pid>/status. */
async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

interface FloodCount {
  sent: number;
  statuses: Map<number, number>;
}

/** Sends distinct padded texts, each twice, until `until`; counts the answers by status. */
async function flood(url: string, token: string | undefined, name: string, until: number, pads: readonly number[]): Promise<FloodCount> {
  const count: FloodCount = { sent: 0, statuses: new Map() };
  const worker = async (id: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const pad = pads[i % pads.length] ?? BIG_PAD;
      const text = `query ${name}${id}n${i} { mailSession { version } }\n# ${randomBytes(8).toString('hex')} ${'x'.repeat(pad)}`;
      for (let repeat = 0; repeat < 2; repeat++) {
        const answer = await post(url, { query: text }, token).catch(() => undefined);
        count.sent++;
        const status = answer?.status ?? 0;
        count.statuses.set(status, (count.statuses.get(status) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS_PER_FLOOD }, (_, id) => worker(id)));
  return count;
}

describe('a flood of distinct padded query texts against the service process', () => {
  jest.setTimeout(FLOOD_MS + 90_000);
  let db: TestDatabase | undefined;
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  let output = '';

  afterAll(async () => {
    if (child?.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
  });

  it('keeps resident memory under 200 MB for 60 s, anonymous and as a viewer, and keeps answering reads', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    db = await createTestDatabase();
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      MAIL_SECRET_KEY: randomBytes(32).toString('base64'),
      AUTH_TOKENS: `alice:admin:${ADMIN_TOKEN},victor:viewer:${VIEWER_TOKEN}`,
      LOG_LEVEL: 'warn',
    };
    const service = spawn(process.execPath, ['--max-old-space-size=128', '--max-semi-space-size=4', MAIN], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = service;
    exited = new Promise((resolve) => service.once('exit', resolve));
    service.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000)));
    service.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000)));
    const pid = service.pid;
    if (pid === undefined) throw new Error('the service did not start');
    let exitCode: number | null | undefined;
    service.once('exit', (code) => (exitCode = code));
    await waitUntil(
      'the service is ready',
      async () => {
        if (exitCode !== undefined) throw new Error(`the service exited (${String(exitCode)}) before it was ready\n${output}`);
        return (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200;
      },
      60_000,
      100,
    );
    const url = `http://127.0.0.1:${port}/graphql`;
    const before = await residentBytes(pid);

    let maxRss = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxRss = Math.max(maxRss, await residentBytes(pid).catch(() => maxRss));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const until = Date.now() + FLOOD_MS;
    const reads = { answered: 0, failed: 0 };
    const reader = (async () => {
      while (Date.now() < until) {
        const answer = await post(url, { query: READ }, ADMIN_TOKEN).catch(() => undefined);
        if (answer?.status === 200 && answer.body.data?.mailSession) reads.answered++;
        else reads.failed++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const [anonymous, viewer] = await Promise.all([
      flood(url, undefined, 'Anonymous', until, [BIG_PAD]),
      flood(url, VIEWER_TOKEN, 'Viewer', until, [BIG_PAD, FITTING_PAD]),
      reader,
    ]);
    sampling = false;
    await sampler;
    const after = await post(url, { query: READ }, VIEWER_TOKEN).catch(() => undefined);

    const figures = {
      rssBeforeMiB: Math.round(before / 2 ** 20),
      maxRssMiB: Math.round(maxRss / 2 ** 20),
      anonymous: { sent: anonymous.sent, statuses: Object.fromEntries(anonymous.statuses) },
      viewer: { sent: viewer.sent, statuses: Object.fromEntries(viewer.statuses) },
      reads,
      exit: service.exitCode ?? service.signalCode,
    };
    process.stdout.write(`anonymous-memory flood: ${JSON.stringify(figures)}\n`);
    expect(service.exitCode).toBeNull();
    expect(maxRss).toBeLessThan(MAX_RSS_BYTES);
    // A flood that never got going would prove nothing.
    expect(anonymous.sent).toBeGreaterThan(200);
    expect(viewer.sent).toBeGreaterThan(200);
    expect(anonymous.statuses.get(401)).toBe(anonymous.sent);
    expect(viewer.statuses.get(400)).toBeGreaterThan(0);
    expect(viewer.statuses.get(200)).toBeGreaterThan(0);
    expect(reads.failed).toBe(0);
    expect(reads.answered).toBeGreaterThan(20);
    expect(after?.status).toBe(200);
    expect(after?.body.data?.mailSession).toBeDefined();
  });
});
