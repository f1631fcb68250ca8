import { loadConfig } from '../../src/config/env';
import { READ_MAIL_SESSION, storedState, UPDATE_MAIL_SESSION } from '../api/mail-session.operations';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app';

const KEY = Buffer.alloc(32, 7).toString('base64');
/** The limits as configured in production and in development, with an allowlisted admin UI. */
const PRODUCTION = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://x@localhost/x',
  MAIL_SECRET_KEY: KEY,
  AUTH_TOKENS: `alice:admin:${ADMIN_TOKEN}`,
  CORS_ORIGINS: 'https://admin.example.com',
}).httpLimits;
const DEVELOPMENT = loadConfig({ NODE_ENV: 'development', CORS_ORIGINS: 'https://admin.example.com' }).httpLimits;
const SANDBOX = 'https://studio.apollographql.com';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const codeOf = (answer: Answer) => answer.json?.errors?.[0]?.extensions?.code;

describe('request limits, CORS and security headers', () => {
  let db: TestDatabase;
  let production: TestApp;
  let development: TestApp;
  let tight: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    production = await startTestApp({ databaseUrl: db.url, httpLimits: PRODUCTION, instanceId: 'prod' });
    development = await startTestApp({ databaseUrl: db.url, httpLimits: DEVELOPMENT, landingPage: true, instanceId: 'dev' });
    // No CORS_ORIGINS: same-origin only.
    tight = await startTestApp({
      databaseUrl: db.url,
      httpLimits: { ...PRODUCTION, corsOrigins: [], maxDepth: 2, maxCost: 10, bodyLimitBytes: 2048 },
      instanceId: 'tight',
    });
  });
  afterAll(async () => {
    await Promise.all([production, development, tight].map((app) => app?.close()));
    await db?.drop();
  });

  describe('graphql-armor limits', () => {
    it('refuses an operation deeper than the depth limit without telling the limit', async () => {
      const answer = await post(tight.url, { query: '{ mailSession { transports { outgoing { state } } } }' });
      expect(answer.status).toBe(400);
      expect(codeOf(answer)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.text).not.toMatch(/\b2\b|depth of/i);
      expect((await post(tight.url, { query: '{ mailSession { version } }' })).json?.errors).toBeUndefined();
    });

    it('refuses an operation costing more than the cost limit', async () => {
      const answer = await post(tight.url, { query: READ_MAIL_SESSION });
      expect(codeOf(answer)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.text).not.toMatch(/\b10\b/);
    });

    it('refuses more aliases than allowed (15), so one request cannot multiply work', async () => {
      const ok = Array.from({ length: 15 }, (_, i) => `a${i}: mailSession { version }`).join(' ');
      expect((await post(production.url, { query: `{ ${ok} }` })).json?.errors).toBeUndefined();
      const answer = await post(production.url, { query: `{ ${ok} a15: mailSession { version } }` });
      expect(codeOf(answer)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.text).not.toMatch(/\b15\b|\b16\b/);
    });

    it('refuses more directives than allowed (50)', async () => {
      const directives = Array.from({ length: 51 }, () => '@include(if: true)').join(' ');
      const answer = await post(production.url, { query: `{ mailSession { version ${directives} } }` });
      expect(codeOf(answer)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.text).not.toMatch(/\b50\b|\b51\b/);
    });

    it('stops parsing a document of more than 1000 tokens, answering GRAPHQL_PARSE_FAILED without the number', async () => {
      const fields = Array.from({ length: 1100 }, () => 'version').join(' ');
      const answer = await post(production.url, { query: `{ mailSession { ${fields} } }` });
      expect(answer.status).toBe(400);
      expect(codeOf(answer)).toBe('GRAPHQL_PARSE_FAILED');
      expect(answer.json?.errors?.[0]?.message).toBe('Syntax Error: Document contains too many tokens.');
    });

    it('still answers a real syntax error with GRAPHQL_PARSE_FAILED', async () => {
      expect(codeOf(await post(production.url, { query: '{ mailSession { version ' }))).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  describe('HTTP-level refusals', () => {
    it('refuses a body over the size limit with 413 and a BAD_REQUEST error, storing nothing', async () => {
      const before = await storedState(db);
      const answer = await post(tight.url, { query: UPDATE_MAIL_SESSION, variables: { input: { defaultSender: { name: 'x'.repeat(4000) } } } });
      expect(answer.status).toBe(413);
      expect(codeOf(answer)).toBe('BAD_REQUEST');
      expect(await storedState(db)).toEqual(before);
    });

    it('refuses a batch of operations (batching is off)', async () => {
      const before = await storedState(db);
      const answer = await post(production.url, [
        { query: READ_MAIL_SESSION },
        { query: UPDATE_MAIL_SESSION, variables: { input: { defaultSender: { name: 'batched' } } } },
      ]);
      expect(answer.status).toBe(400);
      expect(answer.text).toMatch(/batching/i);
      expect(await storedState(db)).toEqual(before);
    });

    it('answers malformed JSON with a BAD_REQUEST error that does not quote the body or the parser', async () => {
      const answer = await post(production.url, '{"query": "{ mailSession { version } }", SECRET-ish');
      expect(answer.status).toBe(400);
      expect(answer.json?.errors?.[0]).toEqual({
        message: 'The request body is not valid JSON',
        extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) },
      });
      expect(answer.text).not.toMatch(/SECRET|Unexpected|position|FST_/);
    });

    it('answers an unknown route with NOT_FOUND without echoing the path', async () => {
      const answer = await send(new URL('/admin/<script>', production.url).toString(), {});
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(codeOf(answer)).toBe('NOT_FOUND');
      expect(answer.text).not.toContain('admin');
    });
  });

  describe('schema details', () => {
    it('gives no field suggestions in production', async () => {
      const answer = await post(production.url, { query: '{ mailSesion { version } }' });
      expect(codeOf(answer)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.text).not.toMatch(/Did you mean/);
      expect(answer.text).not.toContain('"mailSession"');
    });

    it('gives field suggestions in development', async () => {
      const answer = await post(development.url, { query: '{ mailSesion { version } }' });
      expect(answer.json?.errors?.[0]?.message).toMatch(/Did you mean "mailSession"/);
    });
  });

  describe('CORS', () => {
    const preflight = (url: string, origin: string) =>
      send(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });

    it('allows an allowlisted origin, with the headers a GraphQL client sends', async () => {
      const answer = await preflight(production.url, 'https://admin.example.com');
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
      expect(answer.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('does not allow any other origin', async () => {
      for (const origin of ['https://evil.example.com', 'https://admin.example.com.evil.example', 'null']) {
        expect((await preflight(production.url, origin)).headers.get('access-control-allow-origin')).toBeNull();
      }
    });

    it('sends no CORS header at all when no origin is allowed', async () => {
      const answer = await preflight(tight.url, 'https://admin.example.com');
      expect(answer.status).toBeGreaterThanOrEqual(400);
      const read = await post(tight.url, { query: '{ mailSession { version } }' }, { origin: 'https://admin.example.com' });
      expect(read.status).toBe(200);
      for (const headers of [answer.headers, read.headers]) {
        expect([...headers.keys()].filter((name) => name.startsWith('access-control-') || name === 'vary')).toEqual([]);
      }
    });

    it('allows Apollo Sandbox in development only', async () => {
      expect((await preflight(development.url, SANDBOX)).headers.get('access-control-allow-origin')).toBe(SANDBOX);
      expect((await preflight(production.url, SANDBOX)).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('security headers', () => {
    it('sends the OWASP API headers and a CSP that allows nothing, on answers and refusals alike', async () => {
      const answers = [
        await post(production.url, { query: '{ mailSession { version } }' }),
        await post(production.url, '{not json'),
        await send(`${production.url}/nowhere`, {}),
      ];
      for (const answer of answers) {
        expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        expect(answer.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(answer.headers.get('x-frame-options')).toBe('DENY');
        expect(answer.headers.get('x-powered-by')).toBeNull();
      }
      expect(answers.map((answer) => answer.status)).toEqual([200, 400, 404]);
    });

    it('serves the development Sandbox page with Apollo’s own CSP (allowing its embed) instead of the strict one', async () => {
      const page = await send(development.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.headers.get('content-security-policy')).toBeNull();
      expect(page.text).toMatch(/http-equiv="Content-Security-Policy"/);
      expect(page.text).toContain('https://embeddable-sandbox.cdn.apollographql.com');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const api = await post(development.url, { query: '{ mailSession { version } }' });
      expect(api.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    });

    it('serves no landing page in production', async () => {
      const page = await send(production.url, { headers: { accept: 'text/html' } });
      expect(page.text).not.toContain('apollographql.com');
    });
  });
});
