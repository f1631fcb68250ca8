import type { Socket } from 'node:net';
import { onlyError, updateOk } from '../api/mail-session.operations';
import { outline, reportOf, SEND_TEST_EMAIL } from '../mail-check/operations';
import { flood, GROWTH_LIMIT_MIB, startLinePeer, trickle, usePeers, watchMemory } from '../support/hostile-peer';
import { startRawTcpPeer } from '../support/raw-tcp-peer';
import { useTestApp } from '../support/test-app';

/**
 * Issue 10, class 2: a hostile SMTP server must not make this service buffer without bound.
 * Every peer is a real loopback socket; the app runs in this process, so its memory is ours.
 */
const t = useTestApp({ mailCheck: { testsPerWindow: 1_000, emailsPerWindow: 1_000, wholeTestMs: 20_000, stepMs: 8_000 } });
const peer = usePeers();

/** Greets as SMTP, then answers EHLO with endless `250-` continuation lines. */
function endlessEhlo(command: string, socket: Socket): void {
  if (/^EHLO /i.test(command)) void flood(socket, '250-PIPELINING and then some more of the same\r\n');
}

const candidate = (port: number, extra: Record<string, unknown> = {}) => ({
  outgoing: { host: '127.0.0.1', port, security: 'NONE', user: null, clearPassword: true },
  defaultSender: { address: 'app@example.com' },
  ...extra,
});

describe('testMailSession against a hostile SMTP server', () => {
  it('fails the greeting with PROTOCOL_ERROR, promptly and without growing memory, when EHLO is answered with endless 250- lines', async () => {
    const server = await peer(startLinePeer('220 flood.test ESMTP\r\n', endlessEhlo));
    const memory = watchMemory();
    const started = Date.now();
    const report = await reportOf(t, candidate(server.port));
    const elapsed = Date.now() - started;
    const growth = memory.stop();
    console.info(`endless 250- lines: ${elapsed} ms, peak growth rss ${growth.rssMiB} MiB, heap ${growth.heapMiB} MiB`);
    expect(outline(report.outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.outgoing.steps.at(-1)?.message).toMatch(/more than \d+ lines/);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
    expect(growth.rssMiB).toBeLessThan(GROWTH_LIMIT_MIB);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('fails with PROTOCOL_ERROR when the server sends one endless line without CRLF', async () => {
    const server = await peer(startRawTcpPeer((socket) => void flood(socket, '220 ' + 'x'.repeat(1_000))));
    const memory = watchMemory();
    const report = await reportOf(t, candidate(server.port));
    const growth = memory.stop();
    expect(outline(report.outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.outgoing.steps.at(-1)?.message).toMatch(/line longer than/);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
  });

  it('ends the greeting step at its time limit with TIMEOUT when the server trickles one byte a second, and closes the connection', async () => {
    let closed: () => void = () => undefined;
    const closedByClient = new Promise<void>((resolve) => (closed = resolve));
    const server = await peer(
      startRawTcpPeer((socket) => {
        socket.once('close', () => closed());
        trickle(socket, '220-still greeting you, slowly\r\n');
      }),
    );
    const memory = watchMemory();
    const started = Date.now();
    const report = await reportOf(t, candidate(server.port, { additionalProperties: [{ key: 'mail.smtp.timeout', value: '2500' }] }));
    const elapsed = Date.now() - started;
    expect(outline(report.outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:TIMEOUT']);
    expect(elapsed).toBeGreaterThanOrEqual(2_400);
    expect(elapsed).toBeLessThan(5_000);
    await closedByClient;
    expect(memory.stop().heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
  });
});

/**
 * An SMTP server that answers EHLO with `lines` continuation lines and otherwise accepts mail:
 * a long but finite reply, which a reader without a cap on a reply reads whole.
 */
function longEhloServer(lines: number): (command: string, socket: Socket) => void {
  let data = false;
  return (command, socket) => {
    if (data) {
      if (command === '.') {
        data = false;
        socket.write('250 2.0.0 queued\r\n');
      }
      return;
    }
    const verb = command.split(/[ :]/)[0]?.toUpperCase();
    if (verb === 'EHLO') socket.write(`${'250-X-FILLER\r\n'.repeat(lines)}250 8BITMIME\r\n`);
    else if (verb === 'DATA') {
      data = true;
      socket.write('354 go ahead\r\n');
    } else if (verb === 'QUIT') socket.end('221 bye\r\n');
    else socket.write('250 ok\r\n');
  };
}

describe('the live outgoing transport against a hostile SMTP server', () => {
  it('refuses an EHLO reply far longer than any real one (20,000 lines) instead of reading it whole', async () => {
    const server = await peer(startLinePeer('220 long.test ESMTP\r\n', longEhloServer(20_000)));
    await updateOk(t, { outgoing: { host: '127.0.0.1', port: server.port, security: 'NONE' }, defaultSender: { address: 'app@example.com' } });
    const error = onlyError(await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' }));
    expect(error.code).toBe('SEND_FAILED');
    expect(error.message).not.toMatch(/X-FILLER/);
  });

  it('fails sendTestEmail with SEND_FAILED, without growing memory, when EHLO is answered with endless 250- lines, and keeps serving', async () => {
    const server = await peer(startLinePeer('220 flood.test ESMTP\r\n', endlessEhlo));
    await updateOk(t, {
      outgoing: { host: '127.0.0.1', port: server.port, security: 'NONE' },
      defaultSender: { address: 'app@example.com' },
      additionalProperties: [{ key: 'mail.smtp.timeout', value: '5000' }],
    });
    const memory = watchMemory();
    const started = Date.now();
    const result = await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' });
    const elapsed = Date.now() - started;
    const growth = memory.stop();
    console.info(`live transport, endless 250- lines: ${elapsed} ms, peak growth rss ${growth.rssMiB} MiB, heap ${growth.heapMiB} MiB`);
    const error = onlyError(result);
    expect(error.code).toBe('SEND_FAILED');
    expect(error.message).not.toMatch(/PIPELINING/);
    expect(growth.heapMiB).toBeLessThan(GROWTH_LIMIT_MIB);
    expect(growth.rssMiB).toBeLessThan(GROWTH_LIMIT_MIB);
    expect((await fetch(new URL('/readyz', t.url))).status).toBe(200);
  });
});
