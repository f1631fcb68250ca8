import { READ_MAIL_SESSION } from '../api/mail-session.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { type AddressedAnswer, postGraphQLFrom } from '../support/post-from';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app';

const WRONG = 'wrong-token-never-logged-0123456789';
// Three failures lock an address out; no delays, so the tests stay fast.
const LIMITS = { slowAfter: 2, refuseAfter: 3, windowMs: 60_000, delayMs: 0 };
const PROXY = '127.0.0.1';

let db: TestDatabase;
let behindProxy: TestApp;
let direct: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  behindProxy = await startTestApp({ databaseUrl: db.url, authFailures: LIMITS, trustProxy: [PROXY], instanceId: 'proxied' });
  direct = await startTestApp({ databaseUrl: db.url, authFailures: LIMITS, instanceId: 'direct' });
});
afterAll(async () => {
  await behindProxy?.close();
  await direct?.close();
  await db?.drop();
});

/** A read sent over a connection from `peer`, carrying `forwardedFor` as X-Forwarded-For when given. */
function read(t: TestApp, peer: string, token: string, forwardedFor?: string): Promise<AddressedAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  return postGraphQLFrom(t.url, peer, READ_MAIL_SESSION, headers);
}

function failureAddresses(t: TestApp): string[] {
  return t.logs.lines.filter((line) => line.includes('"authentication failed"')).map((line) => (JSON.parse(line) as { address: string }).address);
}

describe('with TRUST_PROXY naming the proxy', () => {
  it('counts failures per client address the proxy forwards: one client is locked out, another behind the same proxy still gets in', async () => {
    for (let i = 0; i < 3; i++) expect((await read(behindProxy, PROXY, WRONG, '203.0.113.7')).code).toBe('UNAUTHENTICATED');
    expect(await read(behindProxy, PROXY, ADMIN_TOKEN, '203.0.113.7')).toMatchObject({ status: 429, code: 'RATE_LIMITED' });

    expect(await read(behindProxy, PROXY, ADMIN_TOKEN, '203.0.113.8')).toMatchObject({ status: 200, code: undefined });
    expect(await read(behindProxy, PROXY, ADMIN_TOKEN)).toMatchObject({ status: 200, code: undefined });
  });

  it("logs the client address, not the proxy's", () => {
    const addresses = failureAddresses(behindProxy);
    expect(addresses.slice(0, 3)).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
    expect(addresses).not.toContain(PROXY);
  });

  it('takes the address the proxy appended, not one the client wrote in front of it', async () => {
    // A proxy appends the address it saw; whatever the client sent comes first and is not believed.
    for (const spoofed of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect((await read(behindProxy, PROXY, WRONG, `${spoofed}, 203.0.113.20`)).code).toBe('UNAUTHENTICATED');
    }
    expect(await read(behindProxy, PROXY, ADMIN_TOKEN, '198.51.100.4, 203.0.113.20')).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('ignores X-Forwarded-For from a peer that is not the listed proxy', async () => {
    for (const forwarded of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      expect((await read(behindProxy, '127.0.0.5', WRONG, forwarded)).code).toBe('UNAUTHENTICATED');
    }
    expect(await read(behindProxy, '127.0.0.5', ADMIN_TOKEN, '192.0.2.4')).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(failureAddresses(behindProxy)).not.toContain('192.0.2.1');
  });
});

describe('without TRUST_PROXY', () => {
  it('ignores X-Forwarded-For: a client that changes the header is still counted, and logged, at its own address', async () => {
    for (const forwarded of ['192.0.2.11', '192.0.2.12', '192.0.2.13']) {
      expect((await read(direct, '127.0.0.6', WRONG, forwarded)).code).toBe('UNAUTHENTICATED');
    }
    expect(await read(direct, '127.0.0.6', ADMIN_TOKEN, '192.0.2.14')).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(failureAddresses(direct)).toEqual(['127.0.0.6', '127.0.0.6', '127.0.0.6']);
  });
});
