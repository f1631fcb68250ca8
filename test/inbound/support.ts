import { randomBytes } from 'node:crypto';
import type { InboundReaderSettings } from '../../src/config/inbound-reader-settings';
import { dovecotUnavailable, type DovecotPeer } from '../support/dovecot';
import { imapClient } from '../support/imap-client';
import type { TestDatabase } from '../support/database';
import type { TestApp } from '../support/test-app';

const unavailable = dovecotUnavailable();
const mustRun = process.env.CI === 'true';
if (unavailable && !mustRun) console.warn(`Skipping the inbound reader tests: ${unavailable}`);

/** `describe`, or `describe.skip` outside CI when Dovecot cannot run here (under CI=true a missing peer fails). */
export const describeDovecot = unavailable && !mustRun ? describe.skip : describe;

/** Throws under CI=true when Dovecot cannot run; false outside CI (the tests are skipped). */
export function dovecotCanRun(): boolean {
  if (unavailable && mustRun) throw new Error(`CI=true and the Dovecot peer cannot run: ${unavailable}`);
  return unavailable === undefined;
}

/** Reader settings for tests: quick failover and polls. */
export function readerSettings(overrides: Partial<InboundReaderSettings> = {}): InboundReaderSettings {
  return { failoverMs: 1_500, pollIntervalMs: 500, maxMessageBytes: 25 * 1024 * 1024, ...overrides };
}

/** Dovecot's IMAP capabilities without IDLE: the reader must poll. */
export const CAPABILITIES_WITHOUT_IDLE =
  'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 ESEARCH SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE';

const UPDATE = `mutation($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }`;

/** Points the incoming server at `dovecot` (plain connection on 127.0.0.1; `port`: another way in, e.g. a proxy). */
export async function readMailbox(
  app: TestApp,
  dovecot: DovecotPeer,
  incoming: { protocol: 'IMAP' | 'POP3'; port?: number; deleteAfterFetch?: boolean; additionalProperties?: { key: string; value: string }[] },
): Promise<number> {
  const result = await app.gql<{ updateMailSession: { mailSession: { version: number } } }>(UPDATE, {
    input: {
      incoming: {
        protocol: incoming.protocol,
        host: '127.0.0.1',
        port: incoming.port ?? (incoming.protocol === 'IMAP' ? dovecot.ports.imap : dovecot.ports.pop3),
        security: 'NONE',
        user: dovecot.user,
        password: dovecot.password,
        deleteAfterFetch: incoming.deleteAfterFetch ?? false,
      },
      ...(incoming.additionalProperties && { additionalProperties: incoming.additionalProperties }),
    },
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data?.updateMailSession.mailSession.version ?? -1;
}

/** A message with a Message-ID of its own. */
export function message(subject: string, body = `Body of ${subject}\r\n`): { raw: string; messageId: string } {
  const messageId = `<${randomBytes(8).toString('hex')}@test.example>`;
  const raw = `From: Sender <sender@example.com>\r\nTo: alice@example.com\r\nSubject: ${subject}\r\nMessage-ID: ${messageId}\r\nDate: Sat, 05 Dec 2026 07:00:00 +0000\r\n\r\n${body}`;
  return { raw, messageId };
}

/** Delivers messages by APPEND (unseen), as an MTA's local delivery would put them there. */
export async function deliver(dovecot: DovecotPeer, raws: readonly string[], folder = 'INBOX'): Promise<void> {
  const client = await imapClient(dovecot);
  try {
    for (const raw of raws) await client.append(folder, raw);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

export interface StoredRow extends Record<string, unknown> {
  id: string;
  status: string;
  mailbox: string;
  message_id: string | null;
  subject: string | null;
  uid: string | null;
  uidl: string | null;
  unparseable: boolean;
  refused_reason: string | null;
  size_bytes: number;
  raw: Buffer | null;
}

export function storedRows(db: TestDatabase): Promise<StoredRow[]> {
  return db.query<StoredRow>('SELECT * FROM inbound_message ORDER BY uid, uidl, received_at');
}

/** How many rows `inbound_message` holds. */
export async function countStored(db: TestDatabase): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM inbound_message'))[0]?.n);
}

/** Each Message-ID stored, with how many rows hold it. */
export async function storedCounts(db: TestDatabase): Promise<Map<string, number>> {
  const rows = await db.query<{ message_id: string; n: string }>('SELECT message_id, count(*) AS n FROM inbound_message GROUP BY message_id');
  return new Map(rows.map((row) => [row.message_id, Number(row.n)]));
}

export interface ReaderView {
  instanceId: string;
  thisInstance: boolean;
  mailbox: string | null;
  since: string;
  lastPollAt: string | null;
  messagesSeen: number;
  lastError: string | null;
}

/** `mailSession.transports.incoming.reader` as the instance behind `app` answers it (an admin). */
export async function readerView(app: TestApp): Promise<ReaderView | null> {
  const result = await app.gql<{ mailSession: { transports: { incoming: { reader: ReaderView | null }; outgoing: { reader: unknown } } } }>(
    '{ mailSession { transports { outgoing { reader { instanceId } } incoming { reader { instanceId thisInstance mailbox since lastPollAt messagesSeen lastError } } } } }',
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  if (result.data?.mailSession.transports.outgoing.reader !== null) throw new Error('the outgoing transport has a reader');
  return result.data.mailSession.transports.incoming.reader;
}
