import type { SMTPServerAddress } from 'smtp-server';
import type { TestDatabase } from '../support/database';
import type { OutboundRows } from '../support/outbound-rows';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import type { TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { FAST_OUTBOUND, pointAt, rowWhen, startDeliveryRig, startMidDataCloser, stopDeliveryRig } from './delivery-support';

/** An smtp-server error with an SMTP reply code. */
function refusal(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

describe('durable delivery of accepted messages', () => {
  let db: TestDatabase;
  let t: TestApp;
  let rows: OutboundRows;
  let peer: SmtpPeer;
  /** While true, the peer answers MAIL FROM with 421 (try later). */
  let busy = false;
  let busyRefusals = 0;

  beforeAll(async () => {
    ({ db, peer, t, rows } = await startDeliveryRig(
      () =>
        startSmtpPeer({
          server: {
            onMailFrom(_address: SMTPServerAddress, _session, callback) {
              if (busy) {
                busyRefusals++;
                callback(refusal(421, 'Too busy, try again later'));
                return;
              }
              callback();
            },
            onRcptTo(address: SMTPServerAddress, _session, callback) {
              callback(address.address.startsWith('unknown') ? refusal(550, 'No such user here') : undefined);
            },
          },
        }),
      { outbound: FAST_OUTBOUND },
    ));
  });
  afterAll(() => stopDeliveryRig({ rows, t, peer, db }));

  it('sends a queued message through the current transport with its own Message-ID and records it SENT', async () => {
    const before = peer.received.length;
    const accepted = await rows.accept({ to: ['ann@outbound.test', 'bob@outbound.test'], subject: 'Welcome', text: 'hello' });
    const row = await rowWhen(rows, accepted.id, 'is SENT', (r) => r.status === 'SENT');
    const delivered = peer.received.slice(before);
    expect(delivered.map((m) => m.messageId)).toEqual([accepted.messageId]);
    expect(delivered[0]?.rcptTo).toEqual(['ann@outbound.test', 'bob@outbound.test']);
    // No From on the row: the default sender in force.
    expect(delivered[0]?.headers).toMatch(/^From: "?Outbound Test"? <noreply@outbound\.test>/im);
    expect(row).toMatchObject({
      attempts: 1,
      acceptedRecipients: ['ann@outbound.test', 'bob@outbound.test'],
      rejectedRecipients: [],
      settingsVersion: t.app.transports.appliedVersion,
    });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.lastErrorCode).toBeNull();
  });

  it('records a recipient refused with 550 beside those accepted, and delivers to the others', async () => {
    const before = peer.received.length;
    const accepted = await rows.accept({ to: ['carol@outbound.test', 'unknown@outbound.test', 'dave@outbound.test'] });
    const row = await rowWhen(rows, accepted.id, 'is SENT', (r) => r.status === 'SENT');
    expect(row.acceptedRecipients).toEqual(['carol@outbound.test', 'dave@outbound.test']);
    expect(row.rejectedRecipients).toEqual([{ address: 'unknown@outbound.test', reply: expect.stringMatching(/^550\b.*No such user/) }]);
    expect(peer.received.slice(before).map((m) => m.rcptTo)).toEqual([['carol@outbound.test', 'dave@outbound.test']]);
  });

  it('fails at once, with the reply, a message every recipient of which is refused for good (5xx)', async () => {
    const before = peer.received.length;
    const accepted = await rows.accept({ to: ['unknown1@outbound.test', 'unknown2@outbound.test'] });
    const row = await rowWhen(rows, accepted.id, 'is FAILED', (r) => r.status === 'FAILED');
    expect(row).toMatchObject({ attempts: 1, lastErrorCode: 'RECIPIENT_REFUSED', nextAttemptAt: null });
    expect(row.lastErrorMessage).toMatch(/unknown1@outbound\.test: 550/);
    expect(peer.received.length).toBe(before);
  });

  it('retries a message the server answers 421 for a while, and delivers it once the server takes mail again', async () => {
    busy = true;
    busyRefusals = 0;
    const accepted = await rows.accept();
    const retrying = await rowWhen(rows, accepted.id, 'is RETRYING', (r) => r.status === 'RETRYING');
    expect(retrying.lastReply).toMatch(/^421\b.*try again later/);
    expect(retrying.lastErrorCode).toBe('SENDER_REFUSED');
    expect(retrying.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now() - 1_000);
    busy = false;
    const sent = await rowWhen(rows, accepted.id, 'is SENT', (r) => r.status === 'SENT');
    // nodemailer's pool may meet the 421 more than once in one attempt (a connection it had open).
    expect(busyRefusals).toBeGreaterThanOrEqual(1);
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(peer.received.filter((m) => m.messageId === accepted.messageId)).toHaveLength(1);
  });

  it('ends FAILED after the last attempt when the server keeps answering 4xx', async () => {
    busy = true;
    try {
      const accepted = await rows.accept();
      const row = await rowWhen(rows, accepted.id, 'is FAILED', (r) => r.status === 'FAILED');
      expect(row.attempts).toBe(FAST_OUTBOUND.maxAttempts);
      expect(row.lastReply).toMatch(/^421\b/);
      expect(peer.received.some((m) => m.messageId === accepted.messageId)).toBe(false);
    } finally {
      busy = false;
    }
  });

  it('does not send a message cancelled while it waited', async () => {
    busy = true;
    let accepted;
    try {
      accepted = await rows.accept();
      await rowWhen(rows, accepted.id, 'is RETRYING', (r) => r.status === 'RETRYING');
      await rows.prisma.outboundMessage.update({ where: { id: accepted.id }, data: { status: 'CANCELLED' } });
    } finally {
      busy = false;
    }
    // A later message goes out after the cancelled one's retry was due: the cancelled one was skipped.
    const later = await rows.accept();
    await rowWhen(rows, later.id, 'is SENT', (r) => r.status === 'SENT');
    await new Promise((resolve) => setTimeout(resolve, FAST_OUTBOUND.retryMaxMs * 1.2));
    const cancelled = await rows.row(accepted.id);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.attempts).toBe(1);
    expect(peer.received.some((m) => m.messageId === accepted.messageId)).toBe(false);
  });

  it('retries a message whose connection closed mid-DATA, through the settings in force at the retry', async () => {
    const closer = await startMidDataCloser();
    try {
      const closerVersion = await pointAt(t, closer.port, 'closer.outbound.test');
      const accepted = await rows.accept();
      const retrying = await rowWhen(rows, accepted.id, 'is RETRYING', (r) => r.status === 'RETRYING');
      expect(retrying.lastErrorCode).toBe('CONNECTION_CLOSED');
      expect(retrying.settingsVersion).toBe(closerVersion);
      const goodVersion = await pointAt(t, peer.port, 'good.outbound.test');
      const sent = await rowWhen(rows, accepted.id, 'is SENT', (r) => r.status === 'SENT');
      expect(sent.settingsVersion).toBe(goodVersion);
      expect(peer.received.filter((m) => m.messageId === accepted.messageId).map((m) => m.ehloName)).toEqual(['good.outbound.test']);
    } finally {
      await closer.close();
    }
  });

  it('retries while no outgoing server is configured (transport DISABLED), with TRANSPORT_UNAVAILABLE', async () => {
    const result = await t.gql<{ updateMailSession: { mailSession: { version: number } } }>(
      `mutation { updateMailSession(input: { outgoing: { host: null } }) { mailSession { version } } }`,
    );
    expect(result.errors).toBeUndefined();
    const version = result.data?.updateMailSession.mailSession.version ?? Infinity;
    await waitUntil('the transport is DISABLED', () => t.app.transports.appliedVersion >= version);
    expect(t.app.transports.transportStatus().outgoing.state).toBe('DISABLED');
    const accepted = await rows.accept();
    const row = await rowWhen(rows, accepted.id, 'is RETRYING', (r) => r.status === 'RETRYING');
    expect(row.lastErrorCode).toBe('TRANSPORT_UNAVAILABLE');
    await pointAt(t, peer.port);
    await rowWhen(rows, accepted.id, 'is SENT', (r) => r.status === 'SENT');
  });

  it('writes no message body into any log line', async () => {
    const secretBody = 'CONFIDENTIAL-BODY-7f3a9c';
    const accepted = await rows.accept({ text: secretBody, subject: 'CONFIDENTIAL-SUBJECT-7f3a9c', html: `<p>${secretBody}</p>` });
    await rowWhen(rows, accepted.id, 'is SENT', (r) => r.status === 'SENT');
    expect(t.logs.text).toContain(accepted.id);
    expect(t.logs.text).not.toContain('7f3a9c');
  });
});
