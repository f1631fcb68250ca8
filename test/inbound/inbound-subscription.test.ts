/**
 * inboundMessageReceived: a row stored by whichever instance reads the mailbox reaches the
 * subscribers of every instance, through the database's notification, with nothing but the row.
 */
import { existsSync } from 'node:fs';
import type { Client } from 'graphql-ws';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePorts } from '../support/free-port';
import { inboundGlobalId, insertInboundRows } from '../support/inbound-rows';
import { killGroup, MAIN, spawnService, type SpawnedService } from '../support/spawned-service';
import { ADMIN_TOKEN, RECEIVER_TOKEN, SENDER_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { subscribe, wsClient, type EventQueue, type Operation, type Received } from '../subscriptions/subscription-clients';

jest.setTimeout(90_000);

interface ReceivedEvent {
  inboundMessageReceived: { id: string; subject: string | null; status: string; from: { address: string | null } | null; text: string | null };
}

const RECEIVED: Operation<ReceivedEvent> = `subscription Received {
  inboundMessageReceived { id subject status from { address } text }
}`;

type Events = EventQueue<Received<ReceivedEvent>>;

/**
 * Stores probe messages until every subscriber has seen one (so each subscription is in place),
 * then reads each queue up to and including the last probe it saw.
 */
async function untilSubscribed(db: TestDatabase, queues: readonly Events[]): Promise<void> {
  const seen = queues.map(() => 0);
  /** The last probe each queue has delivered so far (the final wait must not wait for one already read). */
  const lastSeen: (string | undefined)[] = queues.map(() => undefined);
  const probes: string[] = [];
  await waitUntil(
    'every subscriber received a probe',
    async () => {
      const [probe] = await insertInboundRows(db.query, [{ subject: 'probe' }]);
      probes.push(inboundGlobalId(probe?.id ?? ''));
      await Promise.all(
        queues.map(async (queue, index) => {
          while (queue.size > 0) {
            const event = await queue.next();
            if (event.errors) throw new Error(JSON.stringify(event.errors));
            if (event.data?.inboundMessageReceived.subject === 'probe') {
              seen[index] = (seen[index] ?? 0) + 1;
              lastSeen[index] = event.data.inboundMessageReceived.id;
            }
          }
        }),
      );
      return seen.every((count) => count > 0);
    },
    60_000,
    300,
  );
  // Probes stored after a queue's first one may still be on their way: wait for the last one.
  await Promise.all(
    queues.map(async (queue, index) => {
      const last = probes.at(-1);
      if (lastSeen[index] === last) return;
      for (;;) {
        const event = await queue.next(20_000);
        if (event.data?.inboundMessageReceived.id === last) return;
      }
    }),
  );
}

/** The next event that is not a probe. */
async function nextMessage(queue: Events): Promise<Received<ReceivedEvent>> {
  for (;;) {
    const event = await queue.next(20_000);
    if (event.data?.inboundMessageReceived.subject !== 'probe') return event;
  }
}

describe('inboundMessageReceived on two service processes on one database', () => {
  let db: TestDatabase;
  const services: SpawnedService[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds dist/ first`);
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await Promise.all(services.map((service) => killGroup(service)));
    await db?.drop();
  });

  it("sends each subscriber of both processes a message stored by neither, once, with the message's fields", async () => {
    const ports = await freePorts(2);
    const own = /^(NODE_ENV|HOST|PORT|DATABASE_URL|DATA_DIR|MAIL_.*|AUTH_.*|LOG_.*|GRAPHQL_.*|SUBSCRIPTION_.*|INBOUND_.*|.*_MS)$/;
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !own.test(name)));
    for (const port of ports) {
      const service = spawnService(process.execPath, [MAIN], {
        ...env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: db.url,
        MAIL_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
        AUTH_TOKENS: `app:receiver:${RECEIVER_TOKEN}`,
      });
      services.push(service);
      await service.line((text) => text.includes('mail-session-service ready'), 'saying the service is ready', 60_000);
    }
    const queues = ports.map((port) => {
      const client = wsClient(`http://127.0.0.1:${port}/graphql`, RECEIVER_TOKEN);
      clients.push(client);
      return subscribe(client, RECEIVED).events;
    });
    await untilSubscribed(db, queues);

    // Stored as the reader stores it, on a connection of neither process.
    const [row] = await insertInboundRows(db.query, [{ subject: 'Re: your post', fromAddress: 'bob@example.com', text: 'Thanks!' }]);
    for (const queue of queues) {
      expect(await nextMessage(queue)).toEqual({
        data: {
          inboundMessageReceived: {
            id: inboundGlobalId(row?.id ?? ''),
            subject: 'Re: your post',
            status: 'NEW',
            from: { address: 'bob@example.com' },
            text: 'Thanks!',
          },
        },
      });
    }
    // Once each: a second message is the next event, not the first one again.
    const [second] = await insertInboundRows(db.query, [{ subject: 'second' }]);
    for (const queue of queues) expect((await nextMessage(queue)).data?.inboundMessageReceived.id).toBe(inboundGlobalId(second?.id ?? ''));
  });
});

describe('inboundMessageReceived and roles', () => {
  const app = useTestApp();

  it.each([
    ['viewer', VIEWER_TOKEN],
    ['sender', SENDER_TOKEN],
  ])('refuses the subscription of a %s with FORBIDDEN before any message is sent', async (_role, token) => {
    const client = wsClient(app.url, token);
    try {
      const { events } = subscribe(client, RECEIVED);
      const refused = await events.next();
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(app.app.inboundMail.messages.subscribers).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('sends a stored message to an admin subscriber as to a receiver', async () => {
    const adminClient = wsClient(app.url, ADMIN_TOKEN);
    const receiverClient = wsClient(app.url, RECEIVER_TOKEN);
    try {
      const a = subscribe(adminClient, RECEIVED).events;
      const r = subscribe(receiverClient, RECEIVED).events;
      await waitUntil('both subscriptions are in place', () => app.app.inboundMail.messages.subscribers === 2);
      const [row] = await insertInboundRows(app.db.query, [{ subject: 'to both' }]);
      for (const events of [a, r])
        expect((await events.next()).data?.inboundMessageReceived).toMatchObject({ id: inboundGlobalId(row?.id ?? ''), subject: 'to both' });
    } finally {
      await adminClient.dispose();
      await receiverClient.dispose();
    }
  });
});
