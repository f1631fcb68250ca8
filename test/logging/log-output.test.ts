/**
 * LogOutput's promise: a line is on its file descriptor before the log call returns while the
 * service logs little, within 100 ms under a burst, at once for warnings, and nothing is left
 * behind at exit.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BATCH_BYTES, FLUSH_INTERVAL_MS, IMMEDIATE_LINES_PER_INTERVAL, LogOutput } from '../../src/platform/logging/log-output';
import { createLogger } from '../../src/platform/logging/logger';
import { waitUntil } from '../support/wait-until';

let dir: string;
let file: string;
let fd: number;
let output: LogOutput;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mail-session-log-output-'));
  file = path.join(dir, 'out.log');
  fd = openSync(file, 'a');
  output = new LogOutput({ fd });
});

afterEach(async () => {
  output.end();
  closeSync(fd);
  await rm(dir, { recursive: true, force: true });
});

const written = () => readFileSync(file, 'utf8');
const lines = () => written().split('\n').filter(Boolean);

describe('LogOutput', () => {
  it('writes a line before the log call returns when the service logs little', () => {
    const log = createLogger('info', output);
    log.info('starting');
    expect(lines().map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['starting']);
  });

  it('gathers a burst beyond the immediate lines and writes it, in order, within the flush interval', async () => {
    const log = createLogger('info', output);
    const count = IMMEDIATE_LINES_PER_INTERVAL + 1_000;
    for (let i = 0; i < count; i += 1) log.info({ i }, 'burst');
    // The first lines went out at once, then batches of 4 KiB; the rest waits for the timer.
    expect(lines().length).toBeGreaterThanOrEqual(IMMEDIATE_LINES_PER_INTERVAL);
    expect(lines().length).toBeLessThan(count);
    const burstAt = Date.now();
    await waitUntil('the whole burst is written', () => lines().length === count, 2_000, 5);
    expect(Date.now() - burstAt).toBeLessThan(FLUSH_INTERVAL_MS + 250);
    expect(lines().map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([...Array(count).keys()]);
  });

  it('writes a warning at once, after the lines gathered before it', () => {
    const log = createLogger('info', output);
    for (let i = 0; i < IMMEDIATE_LINES_PER_INTERVAL + 3; i += 1) log.info({ i }, 'burst');
    log.warn('careful');
    const msgs = lines().map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(msgs).toHaveLength(IMMEDIATE_LINES_PER_INTERVAL + 4);
    expect(msgs.at(-1)).toBe('careful');
  });

  it('writes a gathered batch as soon as it reaches the batch size', () => {
    const log = createLogger('info', output);
    for (let i = 0; i < IMMEDIATE_LINES_PER_INTERVAL; i += 1) log.info('immediate');
    const before = written().length;
    const filler = 'x'.repeat(200);
    let logged = 0;
    while (written().length === before && logged < 100) {
      log.info({ filler }, 'gathered');
      logged += 1;
    }
    expect(written().length - before).toBeGreaterThanOrEqual(BATCH_BYTES);
  });

  it('leaves no line behind when the process exits right after a burst', () => {
    const logger = path.resolve(__dirname, '../../dist/platform/logging/logger.js');
    const script = `const log = require(${JSON.stringify(logger)}).createLogger('info'); for (let i = 0; i < 500; i++) log.info({ i }, 'burst'); process.exit(3);`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(500);
  });
});
