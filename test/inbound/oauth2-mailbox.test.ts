import { randomBytes } from 'node:crypto';
import { selfSignedCertificate } from '../support/certificates';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { dovecotAccessToken, startDovecot, type DovecotPeer } from '../support/dovecot';
import { startTestApp, testSecretKey, type TestApp } from '../support/test-app';
import { TestTokenEndpoint } from '../support/token-endpoint';
import { waitUntil } from '../support/wait-until';
import { deliver, describeDovecot, dovecotCanRun, message, readerSettings, storedCounts } from './support';

/*
 * An OAUTH2 IMAP mailbox is read with the same token handling as the live transport and the
 * connection test: the instance's token cache gets a token from the test's HTTPS endpoint
 * (CLIENT_CREDENTIALS), and Dovecot's oauth2 passdb checks it (an HS256 JWT).
 */

const KEY = randomBytes(32);
let dovecot: DovecotPeer;
let endpoint: TestTokenEndpoint;
let db: TestDatabase;
let app: TestApp | undefined;
const issued: string[] = [];

beforeAll(async () => {
  if (!dovecotCanRun()) return;
  endpoint = await TestTokenEndpoint.start();
  endpoint.handler = async () => {
    const token = await dovecotAccessToken(dovecot.user, KEY);
    issued.push(token);
    return { status: 200, contentType: 'application/json', body: JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 600 }) };
  };
  const certificate = await selfSignedCertificate({ names: ['127.0.0.1'] });
  dovecot = await startDovecot({ certificate, seed: 2, oauth2: { hmacKey: KEY } });
  db = await createTestDatabase();
}, 30_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([dovecot?.stop(), endpoint?.stop()]);
  await db?.drop();
});

describeDovecot('an OAUTH2 IMAP mailbox', () => {
  it('is read with an access token from the token endpoint, never a password', async () => {
    app = await startTestApp({ databaseUrl: db.url, secretKey: testSecretKey(), mailTlsCa: [endpoint.ca.cert], inboundReader: readerSettings() });
    const result = await app.gql('mutation($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }', {
      input: {
        incoming: {
          protocol: 'IMAP',
          host: '127.0.0.1',
          port: dovecot.ports.imap,
          security: 'NONE',
          user: dovecot.user,
          authentication: 'OAUTH2',
          oauth2: { grant: 'CLIENT_CREDENTIALS', tokenUrl: endpoint.url(), clientId: 'reader-client', clientSecret: 'reader-secret-0123456789', scope: 'mail' },
        },
      },
    });
    expect(result.errors).toBeUndefined();
    await waitUntil('the seeded messages are stored', async () => (await storedCounts(db)).size === 2, 15_000);
    expect(issued.length).toBeGreaterThan(0);
    const fresh = message('over oauth');
    await deliver(dovecot, [fresh.raw]);
    await waitUntil('the delivered message is stored', async () => (await storedCounts(db)).get(fresh.messageId) === 1, 10_000);
    for (const token of issued) expect(app.logs.text).not.toContain(token);
  });

  it('as POP3, is read with an access token too (XOAUTH2 over POP3 AUTH)', async () => {
    await app?.close();
    const pop3Db = await createTestDatabase();
    try {
      app = await startTestApp({ databaseUrl: pop3Db.url, secretKey: testSecretKey(), mailTlsCa: [endpoint.ca.cert], inboundReader: readerSettings() });
      const before = issued.length;
      const result = await app.gql('mutation($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }', {
        input: {
          incoming: {
            protocol: 'POP3',
            host: '127.0.0.1',
            port: dovecot.ports.pop3,
            security: 'NONE',
            user: dovecot.user,
            deleteAfterFetch: false,
            authentication: 'OAUTH2',
            oauth2: {
              grant: 'CLIENT_CREDENTIALS',
              tokenUrl: endpoint.url(),
              clientId: 'reader-client',
              clientSecret: 'reader-secret-0123456789',
              scope: 'mail',
            },
          },
        },
      });
      expect(result.errors).toBeUndefined();
      // Two fresh ones (the IMAP case deletes what it reads: deleteAfterFetch defaults to true).
      const fresh = [message('pop3 one'), message('pop3 two')];
      await deliver(
        dovecot,
        fresh.map((m) => m.raw),
      );
      await waitUntil(
        'both are stored over POP3',
        async () => {
          const counts = await storedCounts(pop3Db);
          return fresh.every((m) => counts.get(m.messageId) === 1);
        },
        15_000,
      );
      const rows = await pop3Db.query<{ mailbox: string }>('SELECT DISTINCT mailbox FROM inbound_message');
      expect(rows.map((row) => row.mailbox)).toEqual([`pop3://alice@127.0.0.1:${dovecot.ports.pop3}`]);
      expect(issued.length).toBeGreaterThan(before);
      for (const token of issued) expect(app.logs.text).not.toContain(token);
    } finally {
      await app?.close();
      app = undefined;
      await pop3Db.drop();
    }
  });
});
