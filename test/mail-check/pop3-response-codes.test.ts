import type { Socket } from 'node:net';
import { startRawTcpPeer, type RawTcpPeer } from '../support/raw-tcp-peer';
import { useTestApp } from '../support/test-app';
import { outline, reportOf } from './operations';

/**
 * A POP3 server that greets, takes USER and answers PASS with `passReply`: what a server sends when
 * it checked the credentials but cannot hand over the maildrop (RFC 3206), or when they are wrong.
 */
function pop3Answering(passReply: string): (socket: Socket) => void {
  return (socket) => {
    socket.write('+OK POP3 ready\r\n');
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const command = buffered.slice(0, end).split(' ')[0]?.toUpperCase();
        buffered = buffered.slice(end + 2);
        if (command === 'USER') socket.write('+OK\r\n');
        else if (command === 'PASS') socket.write(`${passReply}\r\n`);
        else if (command === 'QUIT') socket.end('+OK bye\r\n');
        else socket.write('-ERR unknown command\r\n');
      }
    });
  };
}

const t = useTestApp({ mailCheck: { testsPerWindow: 1_000 } });
const peers: RawTcpPeer[] = [];
afterAll(() => Promise.all(peers.map((peer) => peer.close())));

async function incomingReport(passReply: string) {
  const peer = await startRawTcpPeer(pop3Answering(passReply));
  peers.push(peer);
  const report = await reportOf(t, {
    incoming: { protocol: 'POP3', host: '127.0.0.1', port: peer.port, security: 'NONE', user: 'alice', password: 'alice-secret' },
  });
  return report.incoming;
}

describe('POP3 login answers with RFC 3206 response codes', () => {
  it.each(['-ERR [IN-USE] the mailbox is locked by another session', '-ERR [SYS/TEMP] try again later', '-ERR [SYS/PERM] the mailbox is damaged'])(
    'reports %s as MAILBOX_UNAVAILABLE, not as a wrong password',
    async (passReply) => {
      const report = await incomingReport(passReply);
      expect(outline(report)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:ok', 'TLS:skipped', 'AUTHENTICATION:MAILBOX_UNAVAILABLE']);
      expect(report.steps.at(-1)?.message).toContain(passReply.slice('-ERR '.length));
    },
  );

  it.each(['-ERR [AUTH] invalid user name or password', '-ERR invalid user name or password'])('reports %s as AUTH_FAILED', async (passReply) => {
    const report = await incomingReport(passReply);
    expect(outline(report)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:ok', 'TLS:skipped', 'AUTHENTICATION:AUTH_FAILED']);
  });
});
