import type { Socket } from 'node:net';
import { outline, reportOf } from '../mail-check/operations';
import { flood, GROWTH_LIMIT_MIB, startLinePeer, trickle, usePeers, watchMemory } from '../support/hostile-peer';
import { startRawTcpPeer } from '../support/raw-tcp-peer';
import { useTestApp } from '../support/test-app';

/**
 * Issue 10, class 2: a hostile POP3 or IMAP server must not make this service buffer without
 * bound. Real loopback sockets; the app runs in this process, so its memory is ours.
 */
const STEP_MS = 4_000;
const t = useTestApp({ mailCheck: { testsPerWindow: 1_000, wholeTestMs: 20_000, stepMs: STEP_MS } });
const peer = usePeers();

const incoming = (protocol: 'POP3' | 'IMAP', port: number) => ({
  incoming: { protocol, host: '127.0.0.1', port, security: 'NONE', user: 'alice', password: 'alice-secret' },
});

/** Runs the test against the peer and returns the incoming report with the peak memory growth and the time taken. */
async function measured(protocol: 'POP3' | 'IMAP', port: number) {
  const memory = watchMemory();
  const started = Date.now();
  const report = await reportOf(t, incoming(protocol, port));
  const elapsed = Date.now() - started;
  return { report: report.incoming, growth: memory.stop(), elapsed };
}

describe('testMailSession against a hostile POP3 server', () => {
  it('fails the greeting with PROTOCOL_ERROR, promptly and without growing memory, when CAPA lists capabilities without end', async () => {
    const server = await peer(
      startLinePeer('+OK POP3 ready\r\n', (command, socket) => {
        if (command === 'CAPA') {
          socket.write('+OK capability list follows\r\n');
          void flood(socket, 'X-EXTENSION-THAT-NEVER-ENDS some argument\r\n');
        }
      }),
    );
    const { report, growth, elapsed } = await measured('POP3', server.port);
    console.info(`endless CAPA: ${elapsed} ms, peak growth rss ${growth.rssMiB} MiB, heap ${growth.heapMiB} MiB`);
    expect(outline(report)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.steps.at(-1)?.message).toMatch(/more than 512 lines in one reply/);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
    expect(growth.rssMiB).toBeLessThan(GROWTH_LIMIT_MIB);
    expect(elapsed).toBeLessThan(STEP_MS);
  });

  it('ends the greeting step at its time limit with TIMEOUT when the server trickles one byte a second', async () => {
    const server = await peer(startRawTcpPeer((socket) => trickle(socket, '+OK ready, slowly\r\n')));
    const { report, growth, elapsed } = await measured('POP3', server.port);
    expect(outline(report)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:TIMEOUT']);
    expect(elapsed).toBeGreaterThanOrEqual(STEP_MS - 100);
    expect(elapsed).toBeLessThan(STEP_MS + 2_500);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
  });
});

describe('testMailSession against a hostile IMAP server', () => {
  /** Greets with `greeting`, then sends `opening` and floods with `filler`, whatever the client says. */
  function floodingImap(greeting: string, opening: string, filler: string): (socket: Socket) => void {
    return (socket) => {
      socket.write(greeting);
      socket.write(opening);
      void flood(socket, filler);
    };
  }

  it.each([
    ['in an unsolicited FETCH response', '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n', '* 1 FETCH (BODY[] {1000000000}\r\n'],
    ['in the greeting', '', '* OK {1000000000}\r\n'],
    ['in a CAPABILITY response', '* OK ready\r\n', '* CAPABILITY IMAP4rev1 {1000000000}\r\n'],
  ])('fails with PROTOCOL_ERROR, without buffering it, when the server announces a 1 GB literal %s', async (_where, greeting, opening) => {
    const server = await peer(startRawTcpPeer(floodingImap(greeting, opening, 'x'.repeat(1_000))));
    const { report, growth, elapsed } = await measured('IMAP', server.port);
    console.info(`1 GB literal ${_where}: ${elapsed} ms, peak growth rss ${growth.rssMiB} MiB, heap ${growth.heapMiB} MiB`);
    expect(outline(report)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.steps.at(-1)?.message).toMatch(/a literal over 64 KiB/);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
    expect(growth.rssMiB).toBeLessThan(GROWTH_LIMIT_MIB);
  });

  it('fails with PROTOCOL_ERROR when the server sends one endless line without CRLF', async () => {
    const server = await peer(startRawTcpPeer(floodingImap('* OK ', '', 'y'.repeat(1_000))));
    const { report, growth } = await measured('IMAP', server.port);
    expect(outline(report)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
  });

  it('fails with PROTOCOL_ERROR when the server floods untagged responses, each within the line limits, without end', async () => {
    // Each response is well within imapflow's line and response limits, so only the limit on what
    // one connection may read stops it. Responses of 2 KiB reach that limit in ~130 of them: with
    // 17-byte ones imapflow's parsing of 15,000 responses outlasted the step on a loaded machine.
    const server = await peer(startRawTcpPeer(floodingImap('* OK [CAPABILITY IMAP4rev1] ready\r\n', '', `* OK still here ${'z'.repeat(2_030)}\r\n`)));
    const { report, growth } = await measured('IMAP', server.port);
    expect(outline(report).at(-1)).toBe('GREETING:PROTOCOL_ERROR');
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
  });

  it('ends the greeting step at its time limit with TIMEOUT when the server trickles one byte a second', async () => {
    const server = await peer(startRawTcpPeer((socket) => trickle(socket, '* OK [CAPABILITY IMAP4rev1] ready, slowly\r\n')));
    const { report, growth, elapsed } = await measured('IMAP', server.port);
    expect(outline(report)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:TIMEOUT']);
    expect(elapsed).toBeGreaterThanOrEqual(STEP_MS - 100);
    expect(elapsed).toBeLessThan(STEP_MS + 2_500);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
  });
});
