/**
 * SIGTERM to the built service with a subscription socket open: the socket is closed with 1001
 * "Going away" (a graphql-ws client reconnects, to another instance), then the service exits 0.
 */
import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { killGroup, MAIN, spawnService, type SpawnedService } from '../support/spawned-service';
import { waitUntil } from '../support/wait-until';
import { MAIL_SESSION_CHANGED, openRaw } from '../subscriptions/subscription-clients';

jest.setTimeout(90_000);

const SECRET_KEY = Buffer.alloc(32, 5).toString('base64');
const TOKEN = 'sigterm-test-viewer-token-0123456789';

describe('SIGTERM with subscription sockets open', () => {
  let db: TestDatabase;
  let service: SpawnedService | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (service) await killGroup(service);
    await db?.drop();
  });

  it('closes them with 1001 "Going away" and exits 0', async () => {
    const port = await freePort();
    const own = /^(NODE_ENV|HOST|PORT|DATABASE_URL|DATA_DIR|MAIL_.*|AUTH_.*|LOG_.*|GRAPHQL_.*|SUBSCRIPTION_.*|.*_MS)$/;
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !own.test(name)));
    service = spawnService(process.execPath, [MAIN], {
      ...env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      MAIL_SECRET_KEY: SECRET_KEY,
      AUTH_TOKENS: `watcher:viewer:${TOKEN}`,
    });
    await service.line((text) => text.includes('mail-session-service ready'), 'saying the service is ready');
    const raw = await openRaw(`http://127.0.0.1:${port}/graphql`);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${TOKEN}` } });
    await waitUntil('acknowledged', () => raw.messages.length > 0);
    raw.send({ id: '1', type: 'subscribe', payload: { query: MAIL_SESSION_CHANGED } });
    service.child.kill('SIGTERM');
    expect(await raw.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });
});
