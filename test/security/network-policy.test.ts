/**
 * Issue 10, class 4a: the service must not connect wherever a caller says. testMailSession and
 * the live SMTP transport go through one network policy (MAIL_NETWORK_DENY / MAIL_NETWORK_ALLOW)
 * judged on the resolved addresses at connect time; a refused address fails with
 * ADDRESS_NOT_ALLOWED and nothing is connected, as a listening peer's counter proves.
 * Every peer here listens on loopback.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import { selfSignedCertificate } from '../support/certificates';
import { DEFAULT_NETWORK_DENY } from '../../src/platform/network/network-policy';
import { onlyError, updateOk } from '../api/mail-session.operations';
import { startRawTcpPeer, type RawTcpPeer } from '../support/raw-tcp-peer';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { useTestApp, type TestApp } from '../support/test-app';
import { outline, reportOf, SEND_TEST_EMAIL, type ServerReportView } from '../mail-check/operations';

const CHECKS = { testsPerWindow: 1_000, emailsPerWindow: 1_000, wholeTestMs: 10_000, stepMs: 5_000 };
const SENDER = { name: 'App', address: 'app@example.com' };

/** The default policy, as a deployment without MAIL_NETWORK_* gets it. */
const byDefault = useTestApp({ mailCheck: CHECKS });
/** Loopback denied too, so that a real listener can prove nothing connects. */
const loopbackDenied = useTestApp({ mailCheck: CHECKS, networkPolicy: { deny: [...DEFAULT_NETWORK_DENY, '127.0.0.0/8', '::1/128'] } });
/** MAIL_NETWORK_ALLOW=127.0.0.2/32. */
const onlyAllowed = useTestApp({ mailCheck: CHECKS, networkPolicy: { deny: DEFAULT_NETWORK_DENY, allow: ['127.0.0.2/32'] } });

let listener: RawTcpPeer;
let smtp: SmtpPeer;
let smtpConnections = 0;

beforeAll(async () => {
  listener = await startRawTcpPeer((socket) => socket.write('220 listener ready\r\n'));
  smtp = await startSmtpPeer({
    server: {
      onConnect: (_session, callback) => {
        smtpConnections++;
        callback();
      },
    },
  });
  for (const t of [byDefault, loopbackDenied, onlyAllowed]) await updateOk(t, { defaultSender: SENDER });
});

afterAll(async () => {
  await Promise.all([listener.close(), smtp.close()]);
});

function step(report: ServerReportView, name: string) {
  return report.steps.find((entry) => entry.name === name);
}

async function outgoingCheck(t: TestApp, host: string, port: number): Promise<ServerReportView> {
  return (await reportOf(t, { outgoing: { host, port, security: 'NONE' } })).outgoing;
}

/** A listener on 127.0.0.2 (still loopback) that counts connections. */
async function listenOn127002(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    // Refuses the session at once: only the connection matters here.
    socket.end('554 no service here\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => sockets.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the network policy in testMailSession (default settings)', () => {
  it.each(['169.254.169.254', '0.0.0.0', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '::', 'fd00:ec2::254', '100.100.100.200'])(
    'refuses %s with ADDRESS_NOT_ALLOWED at the TCP step, naming the policy',
    async (host) => {
      const report = await outgoingCheck(byDefault, host, 25);
      expect(outline(report)).toEqual(['DNS:ok', 'TCP:ADDRESS_NOT_ALLOWED']);
      expect(step(report, 'TCP')?.message).toMatch(/network policy \(MAIL_NETWORK_DENY \/ MAIL_NETWORK_ALLOW\); no connection was made/);
      expect(report.ok).toBe(false);
    },
  );

  it('makes no connection for 0.0.0.0, which Linux would route to a listener on this machine', async () => {
    const before = listener.connections;
    const report = await outgoingCheck(byDefault, '0.0.0.0', listener.port);
    expect(outline(report)).toEqual(['DNS:ok', 'TCP:ADDRESS_NOT_ALLOWED']);
    expect(listener.connections).toBe(before);
  });

  it('still connects to loopback by default: a local MTA is a real deployment', async () => {
    const report = await outgoingCheck(byDefault, '127.0.0.1', smtp.port);
    expect(outline(report).slice(0, 3)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:ok']);
  });

  it('says how many addresses a host name resolves to, never which', async () => {
    const report = await outgoingCheck(byDefault, 'localhost', smtp.port);
    const dns = step(report, 'DNS');
    expect(dns?.ok).toBe(true);
    expect(dns?.message).toMatch(/^localhost resolves to \d+ address(es)?$/);
    expect(dns?.addresses).toBeNull();
    const tcp = step(report, 'TCP');
    expect(tcp?.ok).toBe(true);
    expect(tcp?.remoteAddress).toBeNull();
    // (The EHLO name may be [127.0.0.1] on a machine without a domain name: that is ours, not the peer's.)
    expect(JSON.stringify([dns, tcp])).not.toMatch(/127\.0\.0\.1|::1\b/);
  });
});

describe('TLS through the checked connection', () => {
  it('keeps the host name as the TLS server name (SNI) in testMailSession and in the live transport, though the socket was opened to the checked address', async () => {
    const certificate = await selfSignedCertificate({ names: ['localhost'] });
    const context = createSecureContext({ key: certificate.key, cert: certificate.cert });
    const serverNames: string[] = [];
    const secure = await startSmtpPeer({
      server: {
        secure: true,
        key: certificate.key,
        cert: certificate.cert,
        SNICallback: (name, callback) => {
          serverNames.push(name);
          callback(null, context);
        },
      },
    });
    try {
      const trust = { additionalProperties: [{ key: 'mail.smtp.ssl.trust', value: 'localhost' }] };
      const report = await reportOf(byDefault, { outgoing: { host: 'localhost', port: secure.port, security: 'TLS' }, ...trust });
      expect(outline(report.outgoing).slice(0, 4)).toEqual(['DNS:ok', 'TCP:ok', 'TLS:ok', 'GREETING:ok']);
      await updateOk(byDefault, { outgoing: { host: 'localhost', port: secure.port, security: 'TLS' }, ...trust });
      const sent = await byDefault.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' });
      expect(sent.errors).toBeUndefined();
      await secure.waitFor(1);
      expect(serverNames).toEqual(['localhost', 'localhost']);
    } finally {
      // The live transport's pool keeps its connection: point it elsewhere so the peer can close.
      await updateOk(byDefault, { outgoing: { host: '127.0.0.1', port: smtp.port, security: 'NONE' } });
      await secure.close();
    }
  });
});

describe('the network policy with loopback denied', () => {
  it.each(['localhost', '127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '127.0.0.2'])(
    'refuses outgoing host %s with ADDRESS_NOT_ALLOWED and the listening peer sees no connection',
    async (host) => {
      const before = listener.connections;
      const report = await outgoingCheck(loopbackDenied, host, listener.port);
      expect(outline(report)).toEqual(['DNS:ok', 'TCP:ADDRESS_NOT_ALLOWED']);
      expect(listener.connections).toBe(before);
    },
  );

  it.each(['IMAP', 'POP3'])('refuses an incoming %s server on a denied address without connecting', async (protocol) => {
    const before = listener.connections;
    const report = await reportOf(loopbackDenied, {
      incoming: { protocol, host: 'localhost', port: listener.port, security: 'NONE', user: 'someone', password: 'secret-password' },
    });
    expect(outline(report.incoming)).toEqual(['DNS:ok', 'TCP:ADDRESS_NOT_ALLOWED']);
    expect(listener.connections).toBe(before);
  });

  it.each(['127.0.0.1', 'localhost'])(
    'fails sendTestEmail through the live transport to %s with SEND_FAILED, reason ADDRESS_NOT_ALLOWED, connecting nothing',
    async (host) => {
      const before = smtpConnections;
      await updateOk(loopbackDenied, { outgoing: { host, port: smtp.port, security: 'NONE' } });
      const error = onlyError(await loopbackDenied.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' }));
      expect(error.code).toBe('SEND_FAILED');
      expect(error.extensions.reason).toBe('ADDRESS_NOT_ALLOWED');
      expect(error.message).toMatch(/refused by this service's network policy/);
      expect(smtpConnections).toBe(before);
    },
  );
});

describe('the network policy with MAIL_NETWORK_ALLOW=127.0.0.2/32', () => {
  it('connects to 127.0.0.2 and refuses 127.0.0.1 (and its mapped spelling) without connecting', async () => {
    const second = await listenOn127002();
    try {
      const allowed = await outgoingCheck(onlyAllowed, '127.0.0.2', second.port);
      expect(outline(allowed).slice(0, 2)).toEqual(['DNS:ok', 'TCP:ok']);
      expect(second.connections()).toBe(1);
      expect(outline(await outgoingCheck(onlyAllowed, '::ffff:127.0.0.2', second.port)).slice(0, 2)).toEqual(['DNS:ok', 'TCP:ok']);
      for (const host of ['127.0.0.1', '::ffff:127.0.0.1', 'localhost']) {
        const before = listener.connections;
        expect(outline(await outgoingCheck(onlyAllowed, host, listener.port))).toEqual(['DNS:ok', 'TCP:ADDRESS_NOT_ALLOWED']);
        expect(listener.connections).toBe(before);
      }
    } finally {
      await second.close();
    }
  });

  it('lets the live transport send nothing to 127.0.0.1', async () => {
    const before = smtpConnections;
    await updateOk(onlyAllowed, { outgoing: { host: '127.0.0.1', port: smtp.port, security: 'NONE' } });
    const error = onlyError(await onlyAllowed.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' }));
    expect(error.code).toBe('SEND_FAILED');
    expect(error.extensions.reason).toBe('ADDRESS_NOT_ALLOWED');
    expect(smtpConnections).toBe(before);
  });
});
