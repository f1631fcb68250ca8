import type { TestApp, TestAppOptions } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { readerFixture } from './reader-fixture';
import { describeDovecot, readerSettings, readerView } from './support';

/**
 * The reader's connections are secured like the transports' and the connection test's: implicit
 * TLS and STARTTLS/STLS with the certificate verified against the service's trust
 * (MAIL_TLS_CA_FILE), and no connection to an address the network policy refuses.
 */
const env = readerFixture({ dovecot: { seed: 2 } });

const UPDATE = `mutation($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }`;

type Protocol = 'IMAP' | 'POP3';
type Security = 'TLS' | 'STARTTLS';

async function readOver(protocol: Protocol, security: Security, options: Partial<TestAppOptions> = {}): Promise<TestApp> {
  const started = await env.startApp({ inboundReader: readerSettings(), ...options });
  const dovecot = env.dovecot;
  const ports = dovecot.ports;
  const port = protocol === 'IMAP' ? (security === 'TLS' ? ports.imaps : ports.imap) : security === 'TLS' ? ports.pop3s : ports.pop3;
  const result = await started.gql(UPDATE, {
    input: { incoming: { protocol, host: '127.0.0.1', port, security, user: dovecot.user, password: dovecot.password, deleteAfterFetch: false } },
  });
  expect(result.errors).toBeUndefined();
  return started;
}

const stored = async () =>
  (await env.db.query<{ message_id: string }>('SELECT message_id FROM inbound_message ORDER BY message_id')).map((row) => row.message_id);

describeDovecot('the inbound reader over TLS', () => {
  it.each<[Protocol, Security]>([
    ['IMAP', 'TLS'],
    ['IMAP', 'STARTTLS'],
    ['POP3', 'TLS'],
    ['POP3', 'STARTTLS'],
  ])('reads %s with %s when the certificate is trusted', async (protocol, security) => {
    const app = await readOver(protocol, security, { mailTlsCa: [env.certificate.cert] });
    await waitUntil(`both seeded messages are stored over ${protocol} ${security}`, async () => (await stored()).length === 2, 15_000);
    expect(await stored()).toEqual(['<seed-1@example.com>', '<seed-2@example.com>']);
    expect((await readerView(app))?.lastError).toBeNull();
  });

  it.each<[Protocol, Security]>([
    ['IMAP', 'TLS'],
    ['POP3', 'STARTTLS'],
  ])('reads nothing over %s %s from a server whose certificate is not trusted, and says why', async (protocol, security) => {
    const app = await readOver(protocol, security);
    const started = app;
    await waitUntil('the reader reports the refused certificate', async () => /certificate/i.test((await readerView(started))?.lastError ?? ''), 15_000);
    expect(await stored()).toEqual([]);
    const view = await readerView(started);
    // Never signed in: the failure is before any command.
    expect(view).toMatchObject({ thisInstance: true, messagesSeen: 0 });
  });
});

describeDovecot('the inbound reader and the network policy', () => {
  it('makes no connection to a mailbox at an address the policy refuses, and says so', async () => {
    const app = await readOver('IMAP', 'TLS', { mailTlsCa: [env.certificate.cert], networkPolicy: { deny: ['127.0.0.0/8'] } });
    const started = app;
    await waitUntil('the reader reports the refusal', async () => /network policy/i.test((await readerView(started))?.lastError ?? ''), 15_000);
    expect(await stored()).toEqual([]);
  });
});
