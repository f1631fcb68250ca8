/**
 * sendEmail end to end, through the API and the real delivery queue: accepted by a sender's
 * token, delivered by the worker to a real smtp-server peer, read back as SENT with what the peer
 * saw; an admin's retry of a FAILED message delivers it with the same Message-ID.
 */
import type { SMTPServerAddress } from 'smtp-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { ADMIN_TOKEN, SENDER_TOKEN, startTestApp, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { FAST_OUTBOUND, pointAt } from './delivery-support';
import { OUTBOUND_MESSAGE, RETRY, message, rowId, sent, type MessageView } from './support';

describe('sendEmail through the delivery queue to a real SMTP peer', () => {
  let db: TestDatabase;
  let t: TestApp;
  let peer: SmtpPeer;
  /** While true, the peer refuses every recipient for good (550). */
  let refusing = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    peer = await startSmtpPeer({
      server: {
        onRcptTo(_address: SMTPServerAddress, _session, callback) {
          callback(refusing ? Object.assign(new Error('No such user here'), { responseCode: 550 }) : undefined);
        },
      },
    });
    t = await startTestApp({ databaseUrl: db.url, outbound: FAST_OUTBOUND });
    await pointAt(t, peer.port);
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
    await db?.drop();
  });

  async function messageWhen(id: string, status: string): Promise<MessageView> {
    const seen: { last?: MessageView | null } = {};
    await waitUntil(`message ${id} is ${status}`, async () => {
      const read = await t.gql<{ outboundMessage: MessageView | null }>(OUTBOUND_MESSAGE, { id }, SENDER_TOKEN);
      seen.last = read.data?.outboundMessage ?? null;
      return seen.last?.status === status;
    });
    if (!seen.last) throw new Error('unreachable');
    return seen.last;
  }

  it('delivers an accepted message with the Message-ID it was given, and the sender reads it back SENT', async () => {
    const before = peer.received.length;
    const accepted = await sent(
      t,
      message({ to: ['ann@outbound.test'], cc: ['bob@outbound.test'], subject: 'Order shipped', text: 'On its way' }),
      SENDER_TOKEN,
    );
    expect(accepted.status).toBe('QUEUED');
    const done = await messageWhen(accepted.id, 'SENT');
    const delivered = peer.received.slice(before);
    expect(delivered.map((m) => m.messageId)).toEqual([accepted.messageId]);
    expect(delivered[0]?.rcptTo).toEqual(['ann@outbound.test', 'bob@outbound.test']);
    expect(delivered[0]?.headers).toMatch(/^Subject: Order shipped$/m);
    expect(delivered[0]?.headers).toMatch(/^From: "?Outbound Test"? <noreply@outbound\.test>/im);
    expect(done).toMatchObject({ attempts: 1, acceptedRecipients: ['ann@outbound.test', 'bob@outbound.test'], rejectedRecipients: [], lastError: null });
    expect(done.settingsVersion).toBe(t.app.transports.appliedVersion);
  });

  it('fails a message refused for good, and an admin retry delivers it again with the same Message-ID and a fresh schedule', async () => {
    refusing = true;
    const accepted = await sent(t, message({ to: ['carl@outbound.test'] }), SENDER_TOKEN);
    const failed = await messageWhen(accepted.id, 'FAILED');
    expect(failed.lastError).toMatchObject({ reply: expect.stringMatching(/^550/) as unknown });
    expect(failed.rejectedRecipients.map((r) => r.address)).toEqual(['carl@outbound.test']);

    refusing = false;
    const before = peer.received.length;
    const retried = await t.gql<{ retryOutboundMessage: { message: { status: string; attempts: number } } }>(
      RETRY,
      { input: { id: accepted.id } },
      ADMIN_TOKEN,
    );
    expect(retried.data?.retryOutboundMessage.message).toMatchObject({ status: 'QUEUED', attempts: 0 });
    await messageWhen(accepted.id, 'SENT');
    expect(peer.received.slice(before).map((m) => m.messageId)).toEqual([accepted.messageId]);
    const [row] = await db.query<{ attempts: number }>('SELECT attempts FROM outbound_message WHERE id = $1', [rowId(accepted.id)]);
    expect(row?.attempts).toBe(1);
  });
});
