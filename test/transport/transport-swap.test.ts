import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { startTestApp, type TestApp } from '../support/test-app';
import type { SentInfo } from '../../src/transport/outgoing-transport';

const UPDATE = `mutation($input: UpdateMailSessionInput!) {
  updateMailSession(input: $input) { mailSession { version transports { outgoing { state appliedVersion } } } }
}`;

/** Each settings version announces itself in EHLO, so the peer can tell which transport delivered. */
const ehloFor = (version: number) => `v${version}.transport.test`;

describe('swapping the outgoing transport under load', () => {
  let db: TestDatabase;
  let t: TestApp;
  let peer: SmtpPeer;

  beforeAll(async () => {
    db = await createTestDatabase();
    peer = await startSmtpPeer({ dataDelayMs: () => Math.floor(Math.random() * 15) });
    t = await startTestApp({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
    await db?.drop();
  });

  async function pointAtPeer(expectedVersion: number): Promise<number> {
    const result = await t.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE, {
      input: {
        outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE' },
        additionalProperties: [{ key: 'mail.smtp.localhost', value: ehloFor(expectedVersion) }],
        defaultSender: { name: 'Swap Test', address: 'noreply@transport.test' },
      },
    });
    expect(result.errors).toBeUndefined();
    const version = result.data?.updateMailSession.mailSession.version;
    expect(version).toBe(expectedVersion);
    return expectedVersion;
  }

  it('delivers every message exactly once, each through the transport current when it was sent', async () => {
    let version = await pointAtPeer(1);
    const total = 240;
    const sends: { index: number; versionAtSend: number; result: Promise<SentInfo> }[] = [];
    for (let index = 0; index < total; index++) {
      sends.push({
        index,
        versionAtSend: t.app.transports.appliedVersion,
        result: t.app.transports.send({ to: `rcpt${index}@transport.test`, subject: `message ${index}`, text: `body ${index}` }),
      });
      // A settings change every 60 messages, while earlier ones are still in flight.
      if (index % 60 === 59 && index < total - 1) version = await pointAtPeer(version + 1);
      else if (index % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const outcomes = await Promise.allSettled(sends.map((s) => s.result));
    const failures = outcomes.filter((o) => o.status === 'rejected');
    expect(failures).toEqual([]);
    await peer.waitFor(total);

    const versionsUsed = new Set(sends.map((s) => s.versionAtSend));
    expect(versionsUsed.size).toBe(4);
    const byMessageId = new Map<string, number>();
    for (const message of peer.received) {
      expect(message.messageId).toBeDefined();
      byMessageId.set(message.messageId ?? '', (byMessageId.get(message.messageId ?? '') ?? 0) + 1);
    }
    expect(peer.received).toHaveLength(total);
    expect([...byMessageId.values()].every((count) => count === 1)).toBe(true);
    for (const [i, send] of sends.entries()) {
      const outcome = outcomes[i];
      if (outcome?.status !== 'fulfilled') throw new Error(`send ${i} failed`);
      expect(outcome.value.transportVersion).toBe(send.versionAtSend);
      const delivered = peer.received.find((m) => m.messageId === outcome.value.messageId);
      expect(delivered?.ehloName).toBe(ehloFor(send.versionAtSend));
      expect(delivered?.rcptTo).toEqual([`rcpt${send.index}@transport.test`]);
    }
  });

  it('uses the default sender as From when a message names none', async () => {
    const before = peer.received.length;
    const info = await t.app.transports.send({ to: 'someone@transport.test', subject: 'default from', text: 'x' });
    await peer.waitFor(before + 1);
    const delivered = peer.received.find((m) => m.messageId === info.messageId);
    expect(delivered?.headers).toMatch(/^From: Swap Test <noreply@transport\.test>$/m);
    expect(delivered?.mailFrom).toBe('noreply@transport.test');
  });

  it('sends with the envelope sender of mail.smtp.from while the From header stays the default sender', async () => {
    const result = await t.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE, {
      input: { additionalProperties: [{ key: 'mail.smtp.from', value: 'bounces@transport.test' }] },
    });
    expect(result.errors).toBeUndefined();
    const before = peer.received.length;
    const info = await t.app.transports.send({ to: 'a@transport.test', cc: 'b@transport.test', subject: 'envelope', text: 'x' });
    await peer.waitFor(before + 1);
    const delivered = peer.received.find((m) => m.messageId === info.messageId);
    expect(delivered?.mailFrom).toBe('bounces@transport.test');
    expect(delivered?.rcptTo).toEqual(['a@transport.test', 'b@transport.test']);
    expect(delivered?.headers).toMatch(/^From: Swap Test <noreply@transport\.test>$/m);
  });
});
