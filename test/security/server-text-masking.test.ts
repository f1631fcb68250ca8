import type { Socket } from 'node:net';
import fc from 'fast-check';
import { maskSecrets, secretForms } from '../../src/transport/secret-mask';
import { onlyError, updateOk } from '../api/mail-session.operations';
import { outline, reportOf, SEND_TEST_EMAIL } from '../mail-check/operations';
import { startLinePeer } from '../support/hostile-peer';
import type { RawTcpPeer } from '../support/raw-tcp-peer';
import { useTestApp } from '../support/test-app';

/**
 * Issue 10, class 7 (server text): a server that echoes what it was sent must not put the
 * stored password, or a base64 form of it, into a report, an API error or a log line.
 */
const t = useTestApp({ mailCheck: { testsPerWindow: 1_000, emailsPerWindow: 1_000, wholeTestMs: 10_000, stepMs: 3_000 } });
const peers: RawTcpPeer[] = [];
afterAll(() => Promise.all(peers.map((peer) => peer.close())));

const USER = 'alice';
const PASS = 'Hunter2-Orchid-9f3a';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Every form of `pass` a server could echo, and the part of a longer base64 text that encodes it. */
function leaks(pass: string): string[] {
  const embedded = b64(`x:${pass} and more`);
  return [pass, b64(pass), b64(`\0${USER}\0${pass}`), embedded.slice(4, 4 + Math.floor((pass.length * 4) / 3) - 4)];
}

function expectNoLeak(text: string, pass = PASS): void {
  for (const form of leaks(pass)) expect(text).not.toContain(form);
}

async function peer(started: Promise<RawTcpPeer>): Promise<RawTcpPeer> {
  const running = await started;
  peers.push(running);
  return running;
}

/** An SMTP server that refuses every login and quotes back, in several forms, what it was sent. */
function echoingSmtp(): (command: string, socket: Socket) => void {
  let loginStage = 0;
  return (command, socket) => {
    const verb = command.split(' ')[0]?.toUpperCase();
    if (loginStage === 1) return ((loginStage = 2), void socket.write('334 UGFzc3dvcmQ6\r\n'));
    if (loginStage === 2) {
      loginStage = 0;
      const pass = Buffer.from(command, 'base64').toString('utf8');
      return void socket.write(`535 5.7.8 bad password ${command} also known as ${b64(`x:${pass} and more`)}\r\n`);
    }
    if (verb === 'EHLO') socket.write('250-echo.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
    else if (verb === 'AUTH' && / PLAIN /i.test(command)) {
      const blob = command.split(' ')[2] ?? '';
      socket.write(`535-5.7.8 rejected ${blob}\r\n535 5.7.8 that is ${Buffer.from(blob, 'base64').toString('latin1')}\r\n`);
    } else if (verb === 'AUTH') {
      loginStage = 1;
      socket.write('334 VXNlcm5hbWU6\r\n');
    } else if (verb === 'QUIT') socket.end('221 bye\r\n');
    else socket.write('250 ok\r\n');
  };
}

/** A POP3 server that refuses PASS quoting it back. */
function echoingPop3(): (command: string, socket: Socket) => void {
  return (command, socket) => {
    if (command.startsWith('USER')) socket.write('+OK\r\n');
    // The octets it was sent, as a byte-oriented server echoes them.
    else if (command.startsWith('PASS')) socket.write(`-ERR bad ${command}\r\n`, 'latin1');
    else if (command === 'QUIT') socket.end('+OK bye\r\n');
    else socket.write('-ERR unknown command\r\n');
  };
}

/** An IMAP server that refuses LOGIN quoting the whole command back. */
function echoingImap(): (command: string, socket: Socket) => void {
  return (command, socket) => {
    const [tag, verb] = command.split(' ');
    if (verb?.toUpperCase() === 'LOGIN') socket.write(`${tag} NO [AUTHENTICATIONFAILED] refused: ${command}\r\n`);
    else if (verb?.toUpperCase() === 'CAPABILITY') socket.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
    else if (verb?.toUpperCase() === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
    else socket.write(`${tag} BAD unknown\r\n`);
  };
}

describe('server text in testMailSession reports', () => {
  it.each(['PLAIN', 'LOGIN'])('masks the password and its base64 forms that an SMTP server echoes after AUTH %s', async (mechanism) => {
    const server = await peer(startLinePeer('220 echo.test ESMTP\r\n', echoingSmtp()));
    const report = await reportOf(t, {
      outgoing: { host: '127.0.0.1', port: server.port, security: 'NONE', user: USER, password: PASS },
      defaultSender: { address: 'app@example.com' },
      additionalProperties: [{ key: 'mail.smtp.auth.mechanisms', value: mechanism }],
    });
    expect(outline(report.outgoing).at(-1)).toBe('AUTHENTICATION:AUTH_FAILED');
    const message = report.outgoing.steps.at(-1)?.message ?? '';
    expect(message).toMatch(/^the server refused the user name or password .*535 .*\[masked\]/);
    expectNoLeak(JSON.stringify(report));
  });

  it.each([
    ['an ASCII password', PASS],
    ['a non-ASCII password, echoed as the UTF-8 octets it was sent in', 'Hünter2-Ŝecret-ツ'],
  ])('masks the password a POP3 server echoes in its answer to PASS: %s', async (_kind, pass) => {
    const server = await peer(startLinePeer('+OK POP3 ready\r\n', echoingPop3()));
    const report = await reportOf(t, { incoming: { protocol: 'POP3', host: '127.0.0.1', port: server.port, security: 'NONE', user: USER, password: pass } });
    expect(outline(report.incoming).at(-1)).toBe('AUTHENTICATION:AUTH_FAILED');
    expect(report.incoming.steps.at(-1)?.message).toMatch(/refused the user name or password: bad PASS \[masked\]/);
    const json = JSON.stringify(report);
    expectNoLeak(json, pass);
    expect(json).not.toContain(Buffer.from(pass, 'utf8').toString('latin1'));
  });

  it('masks the password that an IMAP server echoes in its answer to LOGIN', async () => {
    const server = await peer(startLinePeer('* OK [CAPABILITY IMAP4rev1] ready\r\n', echoingImap()));
    const report = await reportOf(t, { incoming: { protocol: 'IMAP', host: '127.0.0.1', port: server.port, security: 'NONE', user: USER, password: PASS } });
    expect(outline(report.incoming).at(-1)).toBe('AUTHENTICATION:AUTH_FAILED');
    expect(report.incoming.steps.at(-1)?.message).toMatch(/refused: .*LOGIN .*\[masked\]/);
    expectNoLeak(JSON.stringify(report));
  });
});

describe('server text from the live outgoing transport', () => {
  it.each([
    ['', []],
    [' with mail.debug on', [{ key: 'mail.debug', value: 'true' }]],
  ])('masks the password a server echoes after AUTH in the sendTestEmail error and in every log line%s', async (_debug, properties) => {
    const server = await peer(startLinePeer('220 echo.test ESMTP\r\n', echoingSmtp()));
    await updateOk(t, {
      outgoing: { host: '127.0.0.1', port: server.port, security: 'NONE', user: USER, password: PASS },
      defaultSender: { address: 'app@example.com' },
      additionalProperties: [{ key: 'mail.smtp.auth.mechanisms', value: 'PLAIN' }, ...properties],
    });
    const logsBefore = t.logs.lines.length;
    const error = onlyError(await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' }));
    expect(error.code).toBe('SEND_FAILED');
    expect(error.message).toMatch(/535 .*\[masked\]/);
    expectNoLeak(error.message);
    const logs = t.logs.lines.slice(logsBefore).join('\n');
    expect(logs).toMatch(/test e-mail failed/);
    if (properties.length > 0) expect(logs).toMatch(/535/);
    expectNoLeak(logs);
  });
});

describe('the password masks', () => {
  it('mask the password inside any base64 text, whatever octets come before and after it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.string({ minLength: 6, maxLength: 40 }), fc.uint8Array({ maxLength: 12 }), (before, pass, after) => {
        const bytes = Buffer.from(pass, 'utf8');
        const encoded = Buffer.concat([before, bytes, after]).toString('base64');
        // The characters that depend on the password's octets alone, where they fall in this text.
        const start = Math.ceil((8 * before.length) / 6);
        const end = Math.floor((8 * (before.length + bytes.length)) / 6);
        const masked = maskSecrets(encoded, secretForms({ user: USER, pass }));
        expect(masked).not.toContain(encoded.slice(start, end));
        expect(masked).toContain('[masked]');
      }),
      { numRuns: 500 },
    );
  });
});
