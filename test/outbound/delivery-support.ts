import type { Socket } from 'node:net';
import { DEFAULT_OUTBOUND_SETTINGS, type OutboundSettings } from '../../src/config/outbound-settings';
import type { OutboundMessage } from '../../src/generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { OutboundRows } from '../support/outbound-rows';
import { startRawTcpPeer, type RawTcpPeer } from '../support/raw-tcp-peer';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app';
import { waitUntil } from '../support/wait-until';

/** Outbound settings for tests: short waits, so that retries and take-overs happen within a test. */
export const FAST_OUTBOUND: OutboundSettings = {
  ...DEFAULT_OUTBOUND_SETTINGS,
  retryBaseMs: 200,
  retryMaxMs: 1_000,
  pollIntervalMs: 50,
  maxAttempts: 4,
  attemptLeaseSeconds: 30,
  queueMaintenanceSeconds: 1,
};

const UPDATE = `mutation($input: UpdateMailSessionInput!) {
  updateMailSession(input: $input) { mailSession { version } }
}`;

/** Points the outgoing transport at `port` on loopback (plain SMTP, a default sender); resolves once applied. */
export async function pointAt(t: TestApp, port: number, ehlo = 'outbound.test'): Promise<number> {
  const result = await t.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE, {
    input: {
      outgoing: { host: '127.0.0.1', port, security: 'NONE' },
      additionalProperties: [{ key: 'mail.smtp.localhost', value: ehlo }],
      defaultSender: { name: 'Outbound Test', address: 'noreply@outbound.test' },
    },
  });
  if (result.errors || !result.data) throw new Error(`updateMailSession failed: ${JSON.stringify(result.errors)}`);
  const version = result.data.updateMailSession.mailSession.version;
  await waitUntil(`settings version ${version} is applied`, () => t.app.transports.appliedVersion >= version);
  return version;
}

/** An SMTP peer a delivery test sends to. */
interface PeerOnPort {
  readonly port: number;
  close(): Promise<void>;
}

/** What a delivery test runs on: its own database, an SMTP peer, an app whose transport points at the peer, and the rows of its queue. */
export interface DeliveryRig<P extends PeerOnPort> {
  db: TestDatabase;
  peer: P;
  t: TestApp;
  rows: OutboundRows;
}

/**
 * Creates a database, starts the peer and an app on the database (`app`: its options), opens
 * OutboundRows on the app's queue and points the outgoing transport at the peer. If a step fails,
 * what had started is stopped (`stopDeliveryRig`) before the failure is thrown.
 */
export async function startDeliveryRig<P extends PeerOnPort>(startPeer: () => Promise<P>, app: Omit<TestAppOptions, 'databaseUrl'>): Promise<DeliveryRig<P>> {
  const rig: Partial<DeliveryRig<P>> = {};
  try {
    const db = (rig.db = await createTestDatabase());
    const peer = (rig.peer = await startPeer());
    const t = (rig.t = await startTestApp({ ...app, databaseUrl: db.url }));
    rig.rows = OutboundRows.withQueue(db.url, t.app.outboundQueue);
    await pointAt(t, peer.port);
    return { db, peer, t, rows: rig.rows };
  } catch (error) {
    await stopDeliveryRig(rig);
    throw error;
  }
}

/** Stops what of a rig was started: the rows' connection, the app, the peer, then the database. */
export async function stopDeliveryRig(rig: Partial<DeliveryRig<PeerOnPort>>): Promise<void> {
  await rig.rows?.close();
  await rig.t?.close();
  await rig.peer?.close();
  await rig.db?.drop();
}

/** Waits until the row of `id` satisfies `condition`, and returns it. */
export async function rowWhen(
  rows: OutboundRows,
  id: string,
  what: string,
  condition: (row: OutboundMessage) => boolean,
  timeoutMs = 15_000,
): Promise<OutboundMessage> {
  let last: OutboundMessage | undefined;
  await waitUntil(
    `message ${id} ${what} (last seen: ${last?.status ?? 'none'})`,
    async () => {
      last = await rows.row(id);
      return condition(last);
    },
    timeoutMs,
    25,
  );
  if (!last) throw new Error('unreachable');
  return last;
}

/**
 * An SMTP server that accepts the envelope, answers DATA with 354, and hangs up as soon as the
 * message's first bytes arrive: a connection lost mid-DATA.
 */
export function startMidDataCloser(): Promise<RawTcpPeer> {
  return startRawTcpPeer((socket: Socket) => {
    socket.write('220 closer.test ESMTP\r\n');
    let inData = false;
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      if (inData) {
        socket.destroy();
        return;
      }
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250-closer.test\r\n250 8BITMIME\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
          if (buffer.length > 0) socket.destroy();
          return;
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
}
