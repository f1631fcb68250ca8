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
  clientSecret: 'Leak-ClientSecret-6a1f0e-Heath',
  refreshToken: 'Leak-RefreshToken-2c7d9b-Moraine',
  privateKey: 'Leak-PrivateKey-8e3a4f-Scree',
  candidateSecret: 'Leak-CandidateSecret-4b9e1a-Cirque',
  refusedSecret: 'Leak-RefusedSecret-0d5c6e-Esker',
};
const pem = (body: string) => `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
const PASSWORDS = Object.values(P);
const SECRET_COLUMNS = ['password', 'oauth2_client_secret', 'oauth2_refresh_token', 'oauth2_private_key'];
const ENCRYPTED_COLUMNS = ['outgoing', 'incoming'].flatMap((side) => SECRET_COLUMNS.map((column) => `${side}_${column}`));
const ENCRYPTED_KEYS = ENCRYPTED_COLUMNS.map((column) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace('Oauth2', 'OAuth2'));

const IMPORT = 'mutation($t: String!) { importMailSessionProperties(input: { text: $t }) { mailSession { version } } }';
const TEST_SETTINGS = 'mutation($i: MailSessionCandidateInput) { testMailSession(input: { settings: $i }) { ok outgoing { __typename } } }';
const SEND_TEST = 'mutation($to: EmailAddress!) { sendTestEmail(input: { to: $to }) { messageId } }';
const PROPERTIES = 'query { mailSessionProperties }';
const OAUTH2_FIELDS =
  'authentication oauth2 { grant tokenUrl clientId scope serviceAccountEmail clientSecretSet refreshTokenSet privateKeySet token { state expiresAt lastError } }';
const READ_OAUTH2 = `query { mailSession { outgoing { ${OAUTH2_FIELDS} } incoming { ${OAUTH2_FIELDS} } } }`;

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
    await update('OAuth 2.0 on the incoming server (Google preset, service account key)', {
      incoming: {
        oauth2: { preset: 'GOOGLE', grant: 'JWT_BEARER', clientId: 'svc', serviceAccountEmail: 'svc@leak.iam.example.com', privateKey: pem(P.privateKey) },
      },
    });
    await update('OAuth 2.0 on the outgoing server (refresh token, confidential client)', {
      outgoing: {
        authentication: 'OAUTH2',
        oauth2: {
          grant: 'REFRESH_TOKEN',
          tokenUrl: 'https://login.leak.test/token',
          clientId: 'app',
          clientSecret: P.clientSecret,
          refreshToken: P.refreshToken,
        },
      },
    });
    await send('read with OAuth 2.0', READ_OAUTH2);
    await send('test candidate settings with an OAuth 2.0 secret', TEST_SETTINGS, { i: { outgoing: { oauth2: { clientSecret: P.candidateSecret } } } });
    await update('refused: token URL moved without the secrets', { outgoing: { oauth2: { tokenUrl: 'https://evil.leak.test/token' } } });
    await update('refused: http token URL with secrets', {
      outgoing: { oauth2: { tokenUrl: 'http://evil.leak.test/token', clientSecret: P.refusedSecret, refreshToken: P.refusedSecret } },
    });
    await update('refused: CR/LF in a client secret', { outgoing: { oauth2: { clientSecret: `${P.refusedSecret}\r\nx` } } });
    await send('import properties with a password', IMPORT, { t: `mail.session.mail.smtp.password=${P.imported}\nmail.session.mail.smtp.user=mailer` });
    await send('export properties', PROPERTIES);
    await send('history', HISTORY, { first: 100 });
    await send('restore version 1', RESTORE, { input: { version: 1 } });
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
      'OAuth 2.0 on the incoming server (Google preset, service account key)': undefined,
      'OAuth 2.0 on the outgoing server (refresh token, confidential client)': undefined,
      'read with OAuth 2.0': undefined,
      'refused: token URL moved without the secrets': 'BAD_USER_INPUT',
      'refused: http token URL with secrets': 'BAD_USER_INPUT',
      'refused: CR/LF in a client secret': 'BAD_USER_INPUT',
      'restore version 1': undefined,
      'send a test email after restore': undefined,
      'malformed query carrying a password': 'GRAPHQL_PARSE_FAILED',
      'during a database outage': 'UNAVAILABLE',
      'history after rotation': undefined,
    });
    expect(peer.received.length).toBe(2);
  });

  it('shows that the OAuth 2.0 secrets are set, and nothing more', () => {
    const read = JSON.parse(bodies[steps.findIndex(({ step }) => step === 'read with OAuth 2.0')] ?? '{}') as {
      data?: { mailSession?: Record<'outgoing' | 'incoming', unknown> };
    };
    // The live transports fetch their first token in the background: no token here (these token
    // URLs answer nothing), whatever the state; the secrets stay out of lastError (next test).
    const none = expect.objectContaining({ state: expect.stringMatching(/^(NONE|REFRESHING|FAILED)$/) as unknown, expiresAt: null }) as unknown;
    expect(read.data?.mailSession).toEqual({
      outgoing: {
        authentication: 'OAUTH2',
        oauth2: {
          grant: 'REFRESH_TOKEN',
          tokenUrl: 'https://login.leak.test/token',
          clientId: 'app',
          scope: null,
          serviceAccountEmail: null,
          clientSecretSet: true,
          refreshTokenSet: true,
          privateKeySet: false,
          token: none,
        },
      },
      incoming: {
        authentication: 'OAUTH2',
        oauth2: {
          grant: 'JWT_BEARER',
          tokenUrl: 'https://oauth2.googleapis.com/token',
          clientId: 'svc',
          scope: 'https://mail.google.com/',
          serviceAccountEmail: 'svc@leak.iam.example.com',
          clientSecretSet: false,
          refreshTokenSet: false,
          privateKeySet: true,
          token: none,
        },
      },
    });
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
        `SELECT (to_jsonb(t) - ${ENCRYPTED_COLUMNS.map((c) => `'${c}'`).join(' - ')}
                 || CASE WHEN to_jsonb(t) ? 'snapshot' THEN jsonb_build_object('snapshot', (to_jsonb(t)->'snapshot') - ${ENCRYPTED_KEYS.map((k) => `'${k}'`).join(' - ')}) ELSE '{}'::jsonb END)::text AS text
         FROM "${table}" t`,
      );
      rows += found.length;
      for (const { text } of found) for (const password of PASSWORDS) expect(text).not.toContain(password);
    }
    expect(rows).toBeGreaterThan(5);
  });

  it('keeps the encrypted columns as ciphertext under the rotated key', async () => {
    const values = await db.query<{ v: string | null }>(
      [
        ...ENCRYPTED_COLUMNS.map((column) => `SELECT ${column} AS v FROM mail_session`),
        ...ENCRYPTED_KEYS.map((key) => `SELECT snapshot->>'${key}' FROM mail_session_revision`),
      ].join(' UNION ALL '),
    );
    const present = values.map((row) => row.v).filter((v): v is string => v !== null);
    // The passwords, and the OAuth 2.0 client secret, refresh token and private key in the row and in snapshots.
    expect(present.length).toBeGreaterThan(10);
    for (const value of present) {
      expect(value).toMatch(/^v1\.k2\./);
      for (const password of PASSWORDS) expect(value).not.toContain(password);
    }
  });
});
