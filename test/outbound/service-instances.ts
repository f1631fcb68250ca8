import { freePort } from '../support/free-port';
import { killGroup, MAIN, spawnService, type SpawnedService } from '../support/spawned-service';

export const SECRET_KEY = Buffer.alloc(32, 16).toString('base64');
export const ADMIN = 'outbound-instances-admin-token-0123456789';
/** Two applications with the sender role (issue 16): they may send and read their own mail, nothing else. */
export const SENDER_TOKENS = ['outbound-instances-app-one-token-0123456789', 'outbound-instances-app-two-token-0123456789'] as const;

/** One built service process on the test's database. */
export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly service: SpawnedService;
}

/** Starts the built service (dist/main.js) as production runs it, with `settings` (OUTBOUND_* and such) on top. */
export async function startInstance(name: string, databaseUrl: string, settings: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const own = /^(NODE_ENV|HOST|PORT|DATABASE_URL|DATA_DIR|MAIL_.*|AUTH_.*|LOG_.*|GRAPHQL_.*|SUBSCRIPTION_.*|OUTBOUND_.*|QUEUE_.*|METRICS_.*|.*_MS)$/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([variable]) => !own.test(variable)));
  const service = spawnService(process.execPath, [MAIN], {
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    MAIL_SECRET_KEY: SECRET_KEY,
    AUTH_TOKENS: [`ops:admin:${ADMIN}`, ...SENDER_TOKENS.map((token, index) => `app-${index + 1}:sender:${token}`)].join(','),
    LOG_LEVEL: 'info',
    ...settings,
  });
  await service.line((text) => text.includes('mail-session-service ready'), `saying instance ${name} is ready`, 60_000);
  return { name, url: `http://127.0.0.1:${port}/graphql`, service };
}

export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map((instance) => killGroup(instance.service)));
}

const UPDATE = `mutation($input: UpdateMailSessionInput!) {
  updateMailSession(input: $input) { mailSession { version } }
}`;

/** Points the outgoing transport at `port`, announcing `ehlo`; through `instance`'s API, as an administrator. */
export async function pointInstancesAt(instance: Instance, port: number, ehlo: string): Promise<number> {
  const response = await fetch(instance.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({
      query: UPDATE,
      variables: {
        input: {
          outgoing: { host: '127.0.0.1', port, security: 'NONE' },
          additionalProperties: [{ key: 'mail.smtp.localhost', value: ehlo }],
          defaultSender: { name: 'Outbound Instances', address: 'noreply@outbound.test' },
        },
      },
    }),
  });
  const body = (await response.json()) as { data?: { updateMailSession: { mailSession: { version: number } } }; errors?: unknown };
  if (!body.data) throw new Error(`updateMailSession failed: ${JSON.stringify(body.errors)}`);
  return body.data.updateMailSession.mailSession.version;
}

/** Changes the settings (a new EHLO name: a new transport) every `everyMs` until stopped; resolves with the versions written. */
export function changeSettingsEvery(instance: Instance, port: number, everyMs: number): { stop(): Promise<number[]> } {
  const versions: number[] = [];
  let stopped = false;
  const running = (async () => {
    for (let round = 1; !stopped; round++) {
      versions.push(await pointInstancesAt(instance, port, `round${round}.outbound.test`));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return versions;
    },
  };
}

/** How many times each Message-ID arrived, and the duplicates (arrivals beyond the first). */
export function arrivals(messageIds: readonly (string | undefined)[]): { distinct: number; duplicates: number; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  for (const id of messageIds) if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  let duplicates = 0;
  for (const count of counts.values()) duplicates += count - 1;
  return { distinct: counts.size, duplicates, counts };
}
