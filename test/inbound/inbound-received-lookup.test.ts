/**
 * inboundMessageReceived on one instance: the rows a batch stores are announced in a burst (one
 * notification each); their views are read together, in one query, and go out in the order of
 * the notifications.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { InboundMessageRepository } from '../../src/inbound-mail/inbound-message.repository';
import { InboundMessageService } from '../../src/inbound-mail/inbound-message.service';
import type { InboundMessage } from '../../src/inbound-mail/inbound-message.type';
import { EventFeed } from '../../src/platform/graphql/event-stream';
import { createLogger } from '../../src/platform/logging/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertInboundRows } from '../support/inbound-rows';
import { LogCapture } from '../support/test-app';

/** The repository on the real database, counting its lookups. */
class CountingRepository extends InboundMessageRepository {
  readonly lookups: number[] = [];

  override findMany(ids: readonly string[]) {
    this.lookups.push(ids.length);
    return super.findMany(ids);
  }

  override find(id: string) {
    this.lookups.push(1);
    return super.find(id);
  }
}

describe('inboundMessageReceived: a burst of stored rows', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('reads the views of the rows announced together in one query, and publishes them in the order announced', async () => {
    const repository = new CountingRepository(prisma);
    const service = new InboundMessageService(repository, new EventFeed<InboundMessage>(1_000), createLogger('warn', new LogCapture()));
    const events = service.subscribe(() => {
      throw new Error('the subscriber fell behind');
    });
    const rows = await insertInboundRows(
      db.query,
      Array.from({ length: 300 }, (_, i) => ({ subject: `burst ${i}` })),
    );
    // Announced in the reverse of their insertion: the events follow the announcements, not the rows' order.
    const announced = [...rows].reverse();
    for (const row of announced) service.stored(row.id);
    const subjects: (string | null)[] = [];
    for (const _ of announced) {
      const next = await events.next();
      if (next.done) throw new Error('the feed ended');
      subjects.push(next.value.subject);
    }
    await events.return?.();
    expect(subjects).toEqual(announced.map((row) => row.subject));
    expect(repository.lookups).toEqual([300]);
  });
});
