import { Authentication } from '../../src/platform/auth/authentication';
import { RateLimitedError } from '../../src/platform/errors/domain-errors';
import { createLogger } from '../../src/platform/logging/logger';
import { READ_MAIL_SESSION } from '../api/mail-session.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { type AddressedAnswer, postGraphQLFrom } from '../support/post-from';
import { ADMIN_TOKEN, LogCapture, startTestApp, type TestApp } from '../support/test-app';

const WRONG = 'wrong-token-never-logged-0123456789';
const LIMITS = { slowAfter: 2, refuseAfter: 5, windowMs: 60_000, delayMs: 150 };

describe('repeated authentication failures from one address', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp({ databaseUrl: db.url, authFailures: LIMITS });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const readFrom = (localAddress: string, token: string): Promise<AddressedAnswer> =>
    postGraphQLFrom(t.url, localAddress, READ_MAIL_SESSION, { authorization: `Bearer ${token}` });

  it('slows down, then refuses with RATE_LIMITED (429, Retry-After), even a valid token, while other addresses are unaffected', async () => {
    const answers: AddressedAnswer[] = [];
    for (let i = 0; i < 5; i++) answers.push(await readFrom('127.0.0.3', WRONG));
    expect(answers.map((a) => a.code)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    // The first two are not delayed; the third waits 150 ms, the fourth 300, the fifth 450. Only
    // lower bounds are asserted: on a loaded machine any request may take longer.
    expect(answers[2]?.ms).toBeGreaterThanOrEqual(145);
    expect(answers[4]?.ms).toBeGreaterThanOrEqual(445);

    const refused = await readFrom('127.0.0.3', WRONG);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(await readFrom('127.0.0.3', ADMIN_TOKEN)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });

    const elsewhere = await readFrom('127.0.0.4', ADMIN_TOKEN);
    expect(elsewhere).toMatchObject({ status: 200, code: undefined });
    expect((await readFrom('127.0.0.4', WRONG)).code).toBe('UNAUTHENTICATED');
  });

  it('logs each failure with the address and a reason, never the token', () => {
    const failures = t.logs.lines.filter((line) => line.includes('"authentication failed"'));
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(failures[0]).toContain('"address":"127.0.0.3"');
    expect(failures[0]).toContain('"reason":"unknown token"');
    expect(t.logs.lines.some((line) => line.includes('authentication refused: too many failures'))).toBe(true);
    expect(t.logs.text).not.toContain(WRONG);
    expect(t.logs.text).not.toContain(ADMIN_TOKEN);
  });

  it('keeps serving health checks and other addresses while one address is locked out', async () => {
    const ready = await fetch(new URL('/readyz', t.url));
    expect(ready.status).toBe(200);
  });
});

describe('the authentication failure window', () => {
  it('lets an address try again once its failures have aged out of the window', async () => {
    let clock = 1_000_000;
    const auth = new Authentication({
      tokens: [{ name: 'alice', role: 'admin', token: ADMIN_TOKEN }],
      failures: { slowAfter: 1, refuseAfter: 3, windowMs: 10_000, delayMs: 0 },
      log: createLogger('silent', new LogCapture()),
      now: () => clock,
    });
    for (let i = 0; i < 3; i++) expect(await auth.authenticate(`Bearer ${WRONG}`, '10.0.0.1')).toBeUndefined();
    await expect(auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '10.0.0.1')).rejects.toBeInstanceOf(RateLimitedError);
    clock += 10_001;
    expect(await auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '10.0.0.1')).toEqual({ name: 'alice', roles: ['admin'] });
  });

  it('does not count a request without credentials as a failure', async () => {
    const auth = new Authentication({
      tokens: [{ name: 'alice', role: 'admin', token: ADMIN_TOKEN }],
      failures: { slowAfter: 0, refuseAfter: 1, windowMs: 10_000, delayMs: 0 },
      log: createLogger('silent', new LogCapture()),
    });
    for (let i = 0; i < 5; i++) expect(await auth.authenticate(undefined, '10.0.0.2')).toBeUndefined();
    expect(await auth.authenticate(`Bearer ${ADMIN_TOKEN}`, '10.0.0.2')).toEqual({ name: 'alice', roles: ['admin'] });
  });
});
