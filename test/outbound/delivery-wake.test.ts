/**
 * An idle worker is woken by the database, not by its poll: a message that becomes due at once is
 * announced on `outbound_message_due` when its transaction commits (trigger of migration
 * 20261208010000_outbound_due_notify), and every instance LISTENs on the change listener.
 */
import { Client, type Notification } from 'pg';
import type { TestDatabase } from '../support/database';
import type { OutboundRows } from '../support/outbound-rows';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import type { TestApp } from '../support/test-app';
import { FAST_OUTBOUND, rowWhen, startDeliveryRig, stopDeliveryRig } from './delivery-support';

/** Far longer than any wait below: a message sent in time was not found by the poll. */
const POLL_MS = 600_000;

describe('waking idle workers when a message is due', () => {
  let db: TestDatabase;
  let t: TestApp;
  let peer: SmtpPeer;
  let rows: OutboundRows;
  let listener: Client;
  const notifications: Notification[] = [];
  let notified: (() => void) | undefined;
  /** Resolves with the next notification on `outbound_message_due`. */
  const nextNotification = (before: number) =>
    new Promise<Notification>((resolve) => {
      const check = () => {
        const next = notifications[before];
        if (next) resolve(next);
        else notified = check;
      };
      check();
    });

  beforeAll(async () => {
    ({ db, peer, t, rows } = await startDeliveryRig(() => startSmtpPeer(), { outbound: { ...FAST_OUTBOUND, pollIntervalMs: POLL_MS } }));
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', (message) => {
      notifications.push(message);
      notified?.();
    });
    await listener.query('LISTEN outbound_message_due');
  });
  afterAll(async () => {
    await listener?.end();
    await stopDeliveryRig({ rows, t, peer, db });
  });

  it('sends a message accepted while the worker is idle at once, long before its next poll', async () => {
    // Idle: the worker looked at start, found nothing, and waits for its next poll.
    expect(t.app.outboundDelivery.inFlight).toBe(0);
    const started = Date.now();
    const accepted = await rows.accept({ subject: 'woken' });
    await peer.waitFor(1, 15_000);
    expect(peer.received.map((message) => message.messageId)).toEqual([accepted.messageId]);
    await rowWhen(rows, accepted.id, 'is SENT', (row) => row.status === 'SENT');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('announces a message accepted, or put back to QUEUED, and not the delivery’s own updates', async () => {
    const before = notifications.length;
    const accepted = await rows.accept({ subject: 'announced' });
    expect((await nextNotification(before)).channel).toBe('outbound_message_due');
    await rowWhen(rows, accepted.id, 'is SENT', (row) => row.status === 'SENT');

    // The worker's own updates (QUEUED → SENDING → SENT) announced nothing: the barrier comes first.
    const afterSent = notifications.length;
    await db.query("NOTIFY outbound_message_due, 'barrier'");
    expect((await nextNotification(afterSent)).payload).toBe('barrier');

    const afterBarrier = notifications.length;
    await db.query("UPDATE outbound_message SET status = 'QUEUED' WHERE id = $1::uuid", [accepted.id]);
    expect(await nextNotification(afterBarrier)).toMatchObject({ channel: 'outbound_message_due', payload: '' });
  });

  it('announces nothing while messages accepted earlier still wait: the workers have work and look again as each attempt ends', async () => {
    // A message accepted a second ago and still waiting (no job: no worker can take it).
    const [waiting] = await db.query<{ id: string }>(
      `INSERT INTO outbound_message (id, message_id, created_by, content_hash, subject, size_bytes, accepted_at)
       VALUES (gen_random_uuid(), '<waiting@outbound.test>', 'test-sender', 'waiting', 'waiting', 0, now() - interval '1 second') RETURNING id::text`,
    );
    const before = notifications.length;
    const accepted = await rows.accept({ subject: 'behind the backlog' });
    await db.query("NOTIFY outbound_message_due, 'barrier'");
    expect((await nextNotification(before)).payload).toBe('barrier');
    // Not lost: a worker takes it as it would from a backlog (here: at its next look, the end of the wait below).
    await db.query("UPDATE outbound_message SET status = 'CANCELLED' WHERE id = $1::uuid", [waiting?.id]);
    t.app.outboundDelivery.poke();
    await rowWhen(rows, accepted.id, 'is SENT', (row) => row.status === 'SENT');
  });
});
