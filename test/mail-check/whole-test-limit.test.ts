import { startRawTcpPeer, type RawTcpPeer } from '../support/raw-tcp-peer';
import { useTestApp } from '../support/test-app';
import { outline, reportOf } from './operations';

// The whole test's limit far below one step's, so that only the whole test's can trip.
const WHOLE_TEST_MS = 1_500;
const STEP_MS = 20_000;
const t = useTestApp({ mailCheck: { testsPerWindow: 1_000, wholeTestMs: WHOLE_TEST_MS, stepMs: STEP_MS } });
let silent: RawTcpPeer;

beforeAll(async () => {
  silent = await startRawTcpPeer();
});
afterAll(() => silent.close());

describe("testMailSession's time limit for the whole test", () => {
  it('stops both servers at the whole test limit, with TIMEOUT saying so, when neither ever greets', async () => {
    const started = Date.now();
    const report = await reportOf(t, {
      outgoing: { host: '127.0.0.1', port: silent.port, security: 'NONE' },
      incoming: { protocol: 'POP3', host: '127.0.0.1', port: silent.port, security: 'NONE', user: 'alice', password: 'alice-secret' },
    });
    const elapsed = Date.now() - started;
    for (const server of [report.outgoing, report.incoming]) {
      expect(outline(server)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:TIMEOUT']);
      // With the hint that a silent server may be waiting for TLS (security here is NONE).
      expect(server.steps.at(-1)?.message).toMatch(
        /^Waiting for the greeting: the whole test's time limit ran out; if this port expects TLS from the first byte/,
      );
    }
    expect(silent.connections).toBe(2);
    expect(report.ok).toBe(false);
    // One deadline for both servers: about one whole-test limit in all, nowhere near a step limit.
    expect(report.durationMs).toBeGreaterThanOrEqual(WHOLE_TEST_MS - 50);
    expect(elapsed).toBeLessThan(WHOLE_TEST_MS + 2_000);
  });
});
