import { startLinePeer } from '../support/hostile-peer';
import { createTestDatabase, type TestDatabase } from '../support/database';
import type { RawTcpPeer } from '../support/raw-tcp-peer';
import { startTestApp, testSecretKey, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { readerSettings } from './support';

/**
 * A reader stopped while it waits for a server's answer (the app closing, SIGTERM, a settings change
 * replacing the session) ends that wait at once. The POP3 reader used to wait out the 60 s
 * command deadline: closing the session detached its socket listeners, so nothing woke the read.
 */
describe.each([
  // Greets, then never answers: the reader's first command waits for its reply.
  { protocol: 'POP3', greeting: '+OK POP3 server ready\r\n', waiting: /^USER |^CAPA/ },
  { protocol: 'IMAP', greeting: '* OK IMAP4rev1 server ready\r\n', waiting: /^\S+ (CAPABILITY|LOGIN|ID)/i },
])('the $protocol reader stopped mid-command', ({ protocol, greeting, waiting }) => {
  let db: TestDatabase;
  let peer: RawTcpPeer | undefined;
  let app: TestApp | undefined;
  const commands: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    peer = await startLinePeer(greeting, (command) => commands.push(command));
  });
  afterAll(async () => {
    await app?.close();
    await peer?.close();
    await db?.drop();
  });

  it('closes the app at once, not after the command deadline', async () => {
    if (!peer) throw new Error('set-up failed');
    app = await startTestApp({ databaseUrl: db.url, secretKey: testSecretKey(), inboundReader: readerSettings() });
    const result = await app.gql('mutation($input: UpdateMailSessionInput!) { updateMailSession(input: $input) { mailSession { version } } }', {
      input: { incoming: { protocol, host: '127.0.0.1', port: peer.port, security: 'NONE', user: 'reader', password: 'reader-password' } },
    });
    expect(result.errors).toBeUndefined();
    await waitUntil('the reader sent a command and waits for the answer', async () => commands.some((command) => waiting.test(command)), 10_000);
    const closing = app.close().then(() => 'closed' as const);
    app = undefined;
    let timer: NodeJS.Timeout | undefined;
    // Far below the 60 s deadline the wait used to run into, far above what a close takes.
    const bound = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), 15_000)));
    expect(await Promise.race([closing, bound])).toBe('closed');
    clearTimeout(timer);
  }, 30_000);
});
