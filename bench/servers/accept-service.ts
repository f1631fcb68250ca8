// The service's sendEmail path as `npm start` builds it (dist/), on its real delivery queue
// (pg-boss): each accepted message gets its pg-boss job in the same statement. This instance's
// delivery worker polls once a minute, so that sending (bench/delivery.ts measures it) does not
// share the CPU with acceptance during the few seconds measured here.
import 'reflect-metadata';
import type { buildApp as BuildApp } from '../../src/app';
import type { DEFAULT_OUTBOUND_SETTINGS as Defaults } from '../../src/config/outbound-settings';
import { createLogger } from '../../src/platform/logging/logger';

const { buildApp } = require('../../../dist/app.js') as { buildApp: typeof BuildApp };
const { DEFAULT_OUTBOUND_SETTINGS } = require('../../../dist/config/outbound-settings.js') as { DEFAULT_OUTBOUND_SETTINGS: typeof Defaults };

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
    outbound: { ...DEFAULT_OUTBOUND_SETTINGS, pollIntervalMs: 60_000 },
  });
  await app.http.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
