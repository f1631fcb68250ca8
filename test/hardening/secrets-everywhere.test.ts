import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { rotateStoredSecrets } from '../../src/secret-rotation/stored-secrets';
import { READ_MAIL_SESSION, UPDATE_MAIL_SESSION } from '../api/mail-session.operations';
import { HISTORY, RESTORE } from '../history/history.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { ADMIN_TOKEN, startTestApp, type TestApp, VIEWER_TOKEN } from '../support/test-app';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const K1 = { id: 'k1', key: randomBytes(32) };
const K2 = { id: 'k2', key: randomBytes(32) };
// Distinctive, so that any copy anywhere is found by a plain substring search.
const P = {
  smtp: 'Leak-Smtp-3a9f1c-Orchid',
  smtpLater: 'Leak-Smtp2-77e0d2-Basalt',
  imap: 'Leak-Imap-5b2e8d-Lichen',
  imported: 'Leak-Import-c41a90-Tundra',
  candidate: 'Leak-Candidate-0f6b3e-Sleet',
  refused: 'Leak-Refused-9d8c7b-Fjord',
  duringOutage: 'Leak-Outage-1e2d3c-Mica',
};
const PASSWORDS = Object.values(P);

const IMPORT = 'mutation($t: String!) { importMailSessionProperties(input: { text: $t }) { mailSession { version } } }';
const TEST_SETTINGS = 'mutation($i: MailSessionCandidateInput) { testMailSession(input: { settings: $i }) { ok outgoing { __typename } } }';
const SEND_TEST = 'mutation($to: EmailAddress!) { sendTestEmail(input: { to: $to }) { messageId } }';
const PROPERTIES = 'query { mailSessionProperties }';

describe('no password anywhere: responses, logs, database columns', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let peer: SmtpPeer;
  let t: TestApp;
  const bodies: string[] = [];
  const steps: { step: string; codes: unknown[] }[] = [];

  async function send(step: string, query: string, variables?: Record<string, unknown>, token = ADMIN_TOKEN): Promise<void> {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    bodies.push(text);
    const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    steps.push({ step, codes: (parsed.errors ?? []).map((e) => e.extensions?.code) });
  }
  const update = (step: string, input: Record<string, unknown>, token?: string) => send(step, UPDATE_MAIL_SESSION, { input }, token);

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(db.url);
    peer = await startSmtpPeer({ credentials: { user: 'mailer', pass: P.smtp } });
    t = await startTestApp({ databaseUrl: proxy.url, secretKey: K1 });

    await update('set both servers', {
      outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE', user: 'mailer', password: P.smtp },
      incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS', user: 'reader', password: P.imap },
      defaultSender: { name: 'Leak Test', address: 'noreply@leak.test' },
    });
    await send('read', READ_MAIL_SESSION);
    await send('read as viewer', READ_MAIL_SESSION, undefined, VIEWER_TOKEN);
    await send('send a test email with the stored password', SEND_TEST, { to: 'rcpt@leak.test' });
    await send('test candidate settings with a wrong password', TEST_SETTINGS, { i: { outgoing: { password: P.candidate } } });
    await send('test the saved settings', TEST_SETTINGS);
    await update('refused: bad host with password', { outgoing: { host: 'bad host', password: P.refused } });
    await update('refused: CR/LF in password', { outgoing: { password: `${P.refused}\r\nQUIT` } });
    await update('refused: conflict', { expectedVersion: 0, outgoing: { password: P.refused } });
    await update('refused: viewer', { outgoing: { password: P.refused } }, VIEWER_TOKEN);
    await update('refused: wrong type', { outgoing: { password: P.refused, port: 'x' } });
    await update('refused: unknown field', { outgoing: { password: P.refused, pasword: P.refused } });
    await update('change the password', { outgoing: { password: P.smtpLater } });
    await send('import properties with a password', IMPORT, { t: `mail.session.mail.smtp.password=${P.imported}\nmail.session.mail.smtp.user=mailer` });
    await send('export properties', PROPERTIES);
    await send('history', HISTORY, { first: 100 });
    await send('restore version 1', RESTORE, { version: 1 });
    await send('send a test email after restore', SEND_TEST, { to: 'rcpt2@leak.test' });
    await send(
      'malformed query carrying a password',
      `mutation { updateMailSession(input: { outgoing: { password: "${P.refused}" } }) { mailSession { version } `,
    );
    proxy.cut();
    await update('during a database outage', { outgoing: { password: P.duringOutage } });
    proxy.restore();
    await withPrisma((prisma) => rotateStoredSecrets(prisma, new SecretBox(K2, [K1])));
    await send('history after rotation', HISTORY, { first: 100 });
    await send('read after rotation', READ_MAIL_SESSION);
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
    await proxy?.close();
    await db?.drop();
  });

  async function withPrisma<T>(fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    try {
      return await fn(prisma);
    } finally {
      await prisma.$disconnect();
    }
  }

  it('ran the series with the expected outcomes', () => {
    const byStep = Object.fromEntries(steps.map(({ step, codes }) => [step, codes[0]]));
    expect(byStep).toMatchObject({
      'set both servers': undefined,
      'send a test email with the stored password': undefined,
      'refused: bad host with password': 'BAD_USER_INPUT',
      'refused: CR/LF in password': 'BAD_USER_INPUT',
      'refused: conflict': 'CONFLICT',
      'refused: viewer': 'FORBIDDEN',
      'refused: wrong type': 'BAD_USER_INPUT',
      'change the password': undefined,
      'restore version 1': undefined,
      'send a test email after restore': undefined,
      'malformed query carrying a password': 'GRAPHQL_PARSE_FAILED',
      'during a database outage': 'UNAVAILABLE',
      'history after rotation': undefined,
    });
    expect(peer.received.length).toBe(2);
  });

  it('returns no password in any HTTP response', () => {
    expect(bodies.length).toBe(steps.length);
    const leaking = bodies.filter((body) => PASSWORDS.some((password) => body.includes(password)));
    expect(leaking).toEqual([]);
  });

  it('writes no password to any log line', () => {
    expect(t.logs.lines.length).toBeGreaterThan(20);
    const leaking = t.logs.lines.filter((line) => PASSWORDS.some((password) => line.includes(password)));
    expect(leaking).toEqual([]);
  });

  it('stores no password in any column of any table, the encrypted ones aside', async () => {
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['mail_session', 'mail_session_revision']));
    let rows = 0;
    for (const { table_name: table } of tables) {
      const found = await db.query<{ text: string }>(
        `SELECT (to_jsonb(t) - 'outgoing_password' - 'incoming_password'
                 || CASE WHEN to_jsonb(t) ? 'snapshot' THEN jsonb_build_object('snapshot', (to_jsonb(t)->'snapshot') - 'outgoingPassword' - 'incomingPassword') ELSE '{}'::jsonb END)::text AS text
         FROM "${table}" t`,
      );
      rows += found.length;
      for (const { text } of found) for (const password of PASSWORDS) expect(text).not.toContain(password);
    }
    expect(rows).toBeGreaterThan(5);
  });

  it('keeps the encrypted columns as ciphertext under the rotated key', async () => {
    const values = await db.query<{ v: string | null }>(
      `SELECT outgoing_password AS v FROM mail_session UNION ALL SELECT incoming_password FROM mail_session
       UNION ALL SELECT snapshot->>'outgoingPassword' FROM mail_session_revision UNION ALL SELECT snapshot->>'incomingPassword' FROM mail_session_revision`,
    );
    const present = values.map((row) => row.v).filter((v): v is string => v !== null);
    expect(present.length).toBeGreaterThan(4);
    for (const value of present) {
      expect(value).toMatch(/^v1\.k2\./);
      for (const password of PASSWORDS) expect(value).not.toContain(password);
    }
  });
});
