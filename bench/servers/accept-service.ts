// The service's sendEmail path as `npm start` builds it (dist/), with an OutboundQueue that writes
// one job row per message in the message's transaction (bench_outbound_job), until the pg-boss
// queue is merged into app.ts: then the bench can start dist/main.js instead.
import 'reflect-metadata';
import type { buildApp as BuildApp } from '../../src/app';
import { createLogger } from '../../src/platform/logging/logger';

const { buildApp } = require('../../../dist/app.js') as { buildApp: typeof BuildApp };

async function main(): Promise<void> {
  const app = await buildApp({
    databaseUrl: process.env.DATABASE_URL ?? '',
    secretKey: { id: 'bench', key: Buffer.from(process.env.MAIL_SECRET_KEY ?? '', 'base64') },
    authTokens: [{ name: 'app', role: 'sender', token: process.env.SENDER_TOKEN ?? '' }],
    logger: createLogger('warn'),
    introspection: false,
    landingPage: false,
    reconcileIntervalMs: 30_000,
    listenerReconnectMs: 1_000,
    shutdownTimeoutMs: 10_000,
    outboundQueue: {
      enqueue: async (tx, id) => {
        await tx.$executeRaw`INSERT INTO bench_outbound_job (message_id) VALUES (${id}::uuid)`;
      },
    },
  });
  await app.http.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
