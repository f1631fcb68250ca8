import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readSession, updateOk } from '../api/mail-session.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { startTestApp, type TestApp } from '../support/test-app';

/** A TCP server that misbehaves as an SMTP peer: drops every connection, or greets with 421 and hangs up. */
async function startBadPeer(behaviour: 'drop' | 'refuse-421'): Promise<{ port: number; connections: number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (behaviour === 'drop') socket.destroy();
    else socket.end('421 4.3.2 Service not available, closing transmission channel\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Settles within `ms` or fails the test: a send must never hang. */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      (value) => ({ status: 'fulfilled', value }) as const,
      (reason: unknown) => ({ status: 'rejected', reason }) as const,
    ),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`send did not settle within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('the SMTP peer refusing or dropping connections during a transport rebuild', () => {
  let db: TestDatabase;
  let t: TestApp;
  let good: SmtpPeer;
  let slow: SmtpPeer;

  beforeAll(async () => {
    db = await createTestDatabase();
    good = await startSmtpPeer();
    slow = await startSmtpPeer({ dataDelayMs: () => 400 });
    t = await startTestApp({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await t?.close();
    await good?.close();
    await slow?.close();
    await db?.drop();
  });

  const pointAt = (port: number) =>
    updateOk(t, {
      outgoing: { host: '127.0.0.1', port, security: 'NONE' },
      additionalProperties: [
        { key: 'mail.smtp.connectiontimeout', value: '3000' },
        { key: 'mail.smtp.timeout', value: '3000' },
      ],
      defaultSender: { address: 'noreply@fault.test' },
    });
  const send = (i: number) => t.app.transports.send({ to: `rcpt${i}@fault.test`, subject: `fault ${i}`, text: `body ${i}` });

  it.each([
    ['drops every connection', () => startBadPeer('drop')],
    ['greets with 421 and hangs up', () => startBadPeer('refuse-421')],
  ])('finishes sends in flight on the old transport when the new peer %s, fails new sends promptly, and recovers on the next change', async (_why, start) => {
    const bad = await start();
    try {
      await pointAt(slow.port);
      const receivedBefore = slow.received.length;
      const inFlight = Array.from({ length: 5 }, (_, i) => send(i));
      const rebuilt = await pointAt(bad.port);
      expect(rebuilt.mailSession.transports.outgoing.state).toBe('READY');

      const refused = await Promise.all(Array.from({ length: 3 }, (_, i) => settledWithin(send(100 + i), 15_000)));
      expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(bad.connections).toBeGreaterThan(0);

      const old = await Promise.all(inFlight.map((p) => settledWithin(p, 15_000)));
      expect(old.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
      expect(slow.received.length - receivedBefore).toBe(5);

      const recovered = await pointAt(good.port);
      const before = good.received.length;
      const after = await Promise.all(Array.from({ length: 3 }, (_, i) => settledWithin(send(200 + i), 15_000)));
      expect(after.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(good.received.length - before).toBe(3);
      expect((await readSession(t)).transports.outgoing.appliedVersion).toBe(recovered.mailSession.version);
      expect((await fetch(new URL('/readyz', t.url))).status).toBe(200);
    } finally {
      await bad.close();
    }
  });

  it('fails new sends promptly when the new peer refuses connections, and keeps serving', async () => {
    await pointAt(await closedPort());
    const result = await settledWithin(send(300), 15_000);
    expect(result.status).toBe('rejected');
    expect((await fetch(new URL('/readyz', t.url))).status).toBe(200);
    await pointAt(good.port);
    expect((await settledWithin(send(301), 15_000)).status).toBe('fulfilled');
  });

  it('reports the failure of sends whose peer drops mid-message, instead of hanging or losing them silently', async () => {
    // The peer holds each message after its data arrived, for longer than the client's 3 s timeout.
    let held = 0;
    let allHeld: () => void = () => undefined;
    const reachedData = new Promise<void>((resolve) => (allHeld = resolve));
    const dropping = await startSmtpPeer({
      dataDelayMs: () => {
        if (++held === 3) allHeld();
        return 5_000;
      },
    });
    try {
      await pointAt(dropping.port);
      const inFlight = Array.from({ length: 3 }, (_, i) => settledWithin(send(400 + i), 20_000));
      await reachedData;
      await pointAt(good.port);
      await dropping.close().catch(() => undefined);
      const outcomes = await Promise.all(inFlight);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const outcome of outcomes) expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(Error);
      expect(dropping.received).toHaveLength(0);
      expect((await settledWithin(send(410), 15_000)).status).toBe('fulfilled');
      expect((await fetch(new URL('/readyz', t.url))).status).toBe(200);
    } finally {
      await dropping.close().catch(() => undefined);
    }
  });
});
