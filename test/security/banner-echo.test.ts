import type { Socket } from 'node:net';
import { outline, reportOf } from '../mail-check/operations';
import { startLinePeer } from '../support/hostile-peer';
import { startRawTcpPeer, type RawTcpPeer } from '../support/raw-tcp-peer';
import { useTestApp } from '../support/test-app';

/**
 * Issue 10, class 4b: testMailSession must not be a banner grabber. Text from a peer that does
 * not speak the protocol is classified in our own words, never echoed; text from a server that
 * does speak it (a 5xx reason) may be shown, bounded.
 */
const t = useTestApp({ mailCheck: { testsPerWindow: 1_000, wholeTestMs: 10_000, stepMs: 3_000 } });
const peers: RawTcpPeer[] = [];
afterAll(() => Promise.all(peers.map((peer) => peer.close())));

async function foreign(banner: string): Promise<number> {
  const peer = await startRawTcpPeer((socket: Socket) => socket.write(banner));
  peers.push(peer);
  return peer.port;
}

const SSH = 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n';
const HTTP = 'HTTP/1.1 400 Bad Request\r\nServer: nginx/1.25.3\r\nContent-Type: text/html\r\n\r\n<html>Secret-Internal-Panel</html>\r\n';
/** Words of the foreign banners that must never reach a report or a log line. */
const LEAKS = /OpenSSH|Ubuntu|nginx|Secret-Internal-Panel|SSH-2\.0/;

const smtp = (port: number) => ({
  outgoing: { host: '127.0.0.1', port, security: 'NONE', user: null, clearPassword: true },
  defaultSender: { address: 'app@example.com' },
});
const mailbox = (protocol: 'POP3' | 'IMAP', port: number) => ({
  incoming: { protocol, host: '127.0.0.1', port, security: 'NONE', user: 'alice', password: 'alice-secret' },
});

describe('testMailSession against a peer that does not speak the protocol', () => {
  it.each([
    ['an SSH server', SSH, /does not speak SMTP: its greeting is not an SMTP reply \(it looks like an SSH server\)/],
    ['a web server', HTTP, /does not speak SMTP: its greeting is not an SMTP reply \(it looks like a web server\)/],
  ])('classifies %s on the SMTP port without echoing its banner', async (_kind, banner, expected) => {
    const report = await reportOf(t, smtp(await foreign(banner)));
    expect(outline(report.outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.outgoing.steps.at(-1)?.message).toMatch(expected);
    expect(JSON.stringify(report)).not.toMatch(LEAKS);
    expect(t.logs.text).not.toMatch(LEAKS);
  });

  it.each([
    ['POP3', /does not speak POP3: its answer is not a POP3 status line \(it looks like an SSH server\)/],
    ['IMAP', /does not speak IMAP: its greeting is not an IMAP greeting \(it looks like an SSH server\)/],
  ] as const)('classifies an SSH server on the %s port without echoing its banner', async (protocol, expected) => {
    const report = await reportOf(t, mailbox(protocol, await foreign(SSH)));
    expect(outline(report.incoming)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.incoming.steps.at(-1)?.message).toMatch(expected);
    expect(JSON.stringify(report)).not.toMatch(LEAKS);
    expect(t.logs.text).not.toMatch(LEAKS);
  });

  it('classifies an SMTP server on the POP3 port without echoing its greeting', async () => {
    const report = await reportOf(t, mailbox('POP3', await foreign('220 mx.internal.example ESMTP Postfix (Debian/GNU)\r\n')));
    expect(outline(report.incoming)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.incoming.steps.at(-1)?.message).toMatch(/it looks like an SMTP or FTP server/);
    expect(JSON.stringify(report)).not.toMatch(/Postfix|mx\.internal/);
  });

  it('does not echo a non-SMTP answer that follows an SMTP greeting', async () => {
    const peer = await startLinePeer('220 looks.like.smtp ESMTP\r\n', (command, socket) => {
      if (/^EHLO/i.test(command)) socket.write('SSH-2.0-OpenSSH_9.6 but not really\r\n');
    });
    peers.push(peer);
    const report = await reportOf(t, smtp(peer.port));
    expect(outline(report.outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.outgoing.steps.at(-1)?.message).toMatch(/does not speak SMTP: its answer is not an SMTP reply/);
    expect(JSON.stringify(report)).not.toMatch(LEAKS);
  });
});

describe('testMailSession against a server that speaks the protocol', () => {
  it("shows an SMTP server's own refusal, bounded in length", async () => {
    const reason = `5.7.1 Service unavailable; client host blocked ${'because '.repeat(200)}`;
    const report = await reportOf(t, smtp(await foreign(`554 ${reason}\r\n`)));
    expect(outline(report.outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:CLIENT_REJECTED']);
    const message = report.outgoing.steps.at(-1)?.message ?? '';
    expect(message).toMatch(/refuses connections from this service's address: 554 5\.7\.1 Service unavailable; client host blocked because/);
    // The server's text is bounded (300 characters); our hint around it is fixed.
    expect(message.length).toBeLessThan(500);
  });

  it("shows a POP3 server's own refusal of the session", async () => {
    const report = await reportOf(t, mailbox('POP3', await foreign('-ERR [SYS/TEMP] too many connections from your address\r\n')));
    expect(outline(report.incoming)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:PROTOCOL_ERROR']);
    expect(report.incoming.steps.at(-1)?.message).toMatch(/refused the session: \[SYS\/TEMP\] too many connections/);
  });
});
