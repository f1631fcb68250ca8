/**
 * The parse worker (ParsePool): a message parsed on the worker thread makes the same row as on
 * the main thread, rows come back in the order the messages went in, and a worker that dies
 * mid-parse loses no message (what it held is parsed on the main thread).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ParsePool } from '../../src/inbound/parse-pool';
import type { MessagePlace } from '../../src/inbound/inbound-message.parse';
import { createLogger } from '../../src/platform/logging/logger';
import { LogCapture } from '../support/test-app';

jest.setTimeout(60_000);

/** The compiled worker: `npm test` builds dist/ before jest runs (the sources cannot run on a worker thread). */
const WORKER = path.resolve(__dirname, '../../dist/inbound/parse-worker.js');

const SAMPLES: string[] = [
  'From: Sender <sender@example.com>\r\nTo: alice@example.com, "Bob" <bob@example.com>\r\nCc: carol@example.com\r\nSubject: plain\r\nMessage-ID: <plain@test.example>\r\nDate: Sat, 05 Dec 2026 07:00:00 +0000\r\n\r\nBody\r\n',
  [
    'From: =?iso-8859-1?q?J=F6rg?= <jorg@example.com>',
    'To: Team: a@example.com, b@example.com;',
    'Subject: =?utf-8?b?w6l0w6k=?=',
    'Message-ID: <multipart@test.example>',
    'X-Folded: one',
    '  two',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary=b',
    '',
    '--b',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'J=F6rg says hello',
    '--b',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>hello</p>',
    '--b',
    'Content-Type: application/octet-stream; name=a.bin',
    'Content-Disposition: attachment; filename=a.bin',
    'Content-Transfer-Encoding: base64',
    '',
    'AAECAw==',
    '--b--',
    '',
  ].join('\r\n'),
  'no header section at all, only text\r\n',
  'From: nul@example.com\r\nSubject: a \u0000 in it\r\n\r\nbody \u0000 too\r\n',
];

function rowsWithoutIds(rows: readonly string[]): unknown[] {
  return rows.map((row) => {
    const { id, ...rest } = JSON.parse(row) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    return rest;
  });
}

const place = (uid: number): MessagePlace => ({ mailbox: 'imap://alice@127.0.0.1:143/INBOX', uidValidity: 7n, uid: BigInt(uid) });
/** `count` of the samples in turn, UIDs 1 to `count`, handed to `pool`: their rows' promises, in order. */
const parseMany = (pool: ParsePool, count: number) =>
  Array.from({ length: count }, (_, index) => pool.parse(Buffer.from(SAMPLES[index % SAMPLES.length] ?? ''), place(index + 1)));
/** The UIDs of rows, in order. */
const uidsOf = (rows: readonly string[]) => rows.map((row) => (JSON.parse(row) as { uid: string }).uid);

describe('the inbound parse pool', () => {
  const pools: ParsePool[] = [];
  const started = (workerScript: string | undefined, logs = new LogCapture(), workers = 1) => {
    const pool = new ParsePool({ workerScript, workers, log: createLogger('debug', logs) });
    pool.start();
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.close();
  });

  it('needs the compiled worker (npm test builds it)', () => {
    expect(existsSync(WORKER)).toBe(true);
  });

  it.each([1, 3])('makes on its worker threads (%i) the same rows as on the main thread, in the order the messages went in', async (workers) => {
    const threaded = started(WORKER, new LogCapture(), workers);
    const here = started(undefined);
    expect(threaded.threads).toHaveLength(workers);
    expect(here.threads).toHaveLength(0);
    // More than one chunk, the last one partial.
    const messages = Array.from({ length: 130 }, (_, index) => ({ raw: Buffer.from(SAMPLES[index % SAMPLES.length] ?? ''), place: place(index + 1) }));
    const onWorker = messages.map((message) => threaded.parse(message.raw, message.place));
    threaded.flush();
    const onMain = messages.map((message) => here.parse(message.raw, message.place));
    const [worker, main] = [await Promise.all(onWorker), await Promise.all(onMain)];
    expect(rowsWithoutIds(worker)).toEqual(rowsWithoutIds(main));
    expect(rowsWithoutIds(worker).map((row) => (row as { uid: string }).uid)).toEqual(messages.map((_, index) => String(index + 1)));
    const [plain, multipart, headerless] = rowsWithoutIds(worker) as Record<string, unknown>[];
    expect(plain).toMatchObject({ subject: 'plain', to_addresses: ['alice@example.com', 'bob@example.com'], unparseable: false });
    expect(multipart).toMatchObject({
      from_name: 'Jörg',
      subject: 'été',
      text_body: expect.stringContaining('Jörg says hello') as unknown,
      attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', size: 4, contentId: null }],
    });
    expect(headerless).toMatchObject({ unparseable: true, message_id: null });
  });

  it('loses no message when its worker dies mid-parse: what the worker held is parsed on the main thread', async () => {
    const logs = new LogCapture();
    const pool = started(WORKER, logs);
    const [worker] = pool.threads;
    if (!worker) throw new Error('no worker thread');
    const rows = parseMany(pool, 400);
    pool.flush();
    // Ended with every chunk sent to it and none answered.
    await worker.terminate();
    const all = await Promise.all(rows);
    expect(uidsOf(all)).toEqual(Array.from({ length: 400 }, (_, index) => String(index + 1)));
    expect(logs.text).toMatch(/the inbound parse worker ended; its messages are parsed on the main thread/);
    // Later messages too, until the poller starts another worker.
    expect(pool.threads).toHaveLength(0);
    const later = pool.parse(Buffer.from(SAMPLES[0] ?? ''), place(999));
    pool.flush();
    expect(JSON.parse(await later)).toMatchObject({ uid: '999', subject: 'plain' });
  });

  it('loses no message when one of its workers dies mid-parse, and goes on with the others', async () => {
    const logs = new LogCapture();
    const pool = started(WORKER, logs, 2);
    const [first, second] = pool.threads;
    if (!first || !second) throw new Error('two worker threads expected');
    const rows = parseMany(pool, 400);
    pool.flush();
    // The first ended with its chunks (every other one) in hand.
    await first.terminate();
    const all = await Promise.all(rows);
    expect(uidsOf(all)).toEqual(Array.from({ length: 400 }, (_, index) => String(index + 1)));
    expect(logs.text).toMatch(/an inbound parse worker ended; what it held is parsed on the main thread, the others go on/);
    expect(pool.threads).toEqual([second]);
    // The next chunk goes to the one left, which answers it.
    const answered = new Promise((resolve) => second.once('message', resolve));
    const later = pool.parse(Buffer.from(SAMPLES[0] ?? ''), place(999));
    pool.flush();
    await answered;
    expect(JSON.parse(await later)).toMatchObject({ uid: '999', subject: 'plain' });
  });
});
