import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { ADMIN_TOKEN, VIEWER_TOKEN, useTestApp, type TestApp } from '../support/test-app';
import { RESTORE } from '../history/history.operations';
import { SEND_TEST_EMAIL, TEST_MAIL_SESSION } from '../mail-check/operations';
import { READ_MAIL_SESSION, UPDATE_MAIL_SESSION, updateOk } from './mail-session.operations';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';
const MEDIA_TYPES = [GRAPHQL_RESPONSE, JSON_TYPE] as const;
type MediaType = (typeof MEDIA_TYPES)[number];

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs as a client that accepts `accept` (Apollo Client 4 and graphql-http: the first; Apollo Client 3, urql: the second). */
async function post(
  t: TestApp,
  accept: MediaType,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = ADMIN_TOKEN,
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

/**
 * Checks the one mapping for one error: the code, the status as each media type, the media type
 * sent, and the request id on the error (the one of the X-Request-Id header).
 */
function expectError(answer: Answer, accept: MediaType, code: string, statuses: Record<MediaType, number>): Record<string, unknown> {
  expect(answer.body.errors).toHaveLength(1);
  const extensions = answer.body.errors?.[0]?.extensions ?? {};
  expect(extensions.code).toBe(code);
  expect({ code, accept, status: answer.status }).toEqual({ code, accept, status: statuses[accept] });
  expect(answer.headers.get('content-type')).toMatch(new RegExp(`^${accept.replace('+', '\\+')}`));
  expect(extensions.requestId).toBe(answer.headers.get('x-request-id'));
  expect(typeof extensions.requestId).toBe('string');
  return extensions;
}

const REQUEST_ERROR = { [GRAPHQL_RESPONSE]: 400, [JSON_TYPE]: 200 };
const FIELD_ERROR = { [GRAPHQL_RESPONSE]: 200, [JSON_TYPE]: 200 };

describe('one mapping of error codes to HTTP statuses, for both media types', () => {
  const t = useTestApp({ mailCheck: { testsPerWindow: 2, emailsPerWindow: 4, windowMs: 60_000 } });
  let peer: SmtpPeer;

  beforeAll(async () => {
    peer = await startSmtpPeer({ server: { onRcptTo: (_address, _session, callback) => callback(new Error('no such user')) } });
  });
  afterAll(() => peer.close());

  describe.each(MEDIA_TYPES)('accepting %s', (accept) => {
    it('GRAPHQL_PARSE_FAILED (no data): 400 as graphql-response+json, 200 as application/json', async () => {
      const answer = await post(t, accept, 'query { mailSession { version ');
      expectError(answer, accept, 'GRAPHQL_PARSE_FAILED', REQUEST_ERROR);
      expect(answer.body).not.toHaveProperty('data');
    });

    it('GRAPHQL_VALIDATION_FAILED (no data): 400 as graphql-response+json, 200 as application/json', async () => {
      const answer = await post(t, accept, 'query { mailSession { version smtpPassword } }');
      expectError(answer, accept, 'GRAPHQL_VALIDATION_FAILED', REQUEST_ERROR);
    });

    it('BAD_USER_INPUT from a variable (no data): as a request error, with field and problems', async () => {
      const answer = await post(t, accept, UPDATE_MAIL_SESSION, { input: { outgoing: { port: 'abc' } } });
      const extensions = expectError(answer, accept, 'BAD_USER_INPUT', REQUEST_ERROR);
      expect(extensions.field).toEqual(['outgoing', 'port']);
      expect(extensions.problems).toEqual([{ field: ['outgoing', 'port'], message: expect.stringContaining('input.outgoing.port') }]);
    });

    it('BAD_USER_INPUT from a rule (data null): 200, in the same shape', async () => {
      const answer = await post(t, accept, UPDATE_MAIL_SESSION, { input: { additionalProperties: [{ key: 'mail.smtp.nonsense', value: 'x' }] } });
      const extensions = expectError(answer, accept, 'BAD_USER_INPUT', FIELD_ERROR);
      expect(answer.body.data).toBeNull();
      expect(extensions.field).toEqual(['additionalProperties', 0, 'key']);
      expect(extensions.problems).toEqual([{ field: ['additionalProperties', 0, 'key'], message: expect.stringContaining('mail.smtp.nonsense') }]);
    });

    it('UNAUTHENTICATED: 401 with a Bearer challenge', async () => {
      const answer = await post(t, accept, READ_MAIL_SESSION, {}, null);
      expectError(answer, accept, 'UNAUTHENTICATED', { [GRAPHQL_RESPONSE]: 401, [JSON_TYPE]: 401 });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('FORBIDDEN (data null): 200', async () => {
      const answer = await post(t, accept, UPDATE_MAIL_SESSION, { input: { outgoing: { port: 2525 } } }, VIEWER_TOKEN);
      expectError(answer, accept, 'FORBIDDEN', FIELD_ERROR);
    });

    it('CONFLICT (data null): 200', async () => {
      const answer = await post(t, accept, UPDATE_MAIL_SESSION, { input: { expectedVersion: 999, outgoing: { port: 2525 } } });
      expectError(answer, accept, 'CONFLICT', FIELD_ERROR);
    });

    it('NOT_FOUND (data null): 200', async () => {
      const answer = await post(t, accept, RESTORE, { input: { version: 999 } });
      expectError(answer, accept, 'NOT_FOUND', FIELD_ERROR);
    });

    it('UNAVAILABLE (data null): 200', async () => {
      await updateOk(t, { outgoing: { host: null } });
      const answer = await post(t, accept, SEND_TEST_EMAIL, { to: 'someone@example.com' });
      expectError(answer, accept, 'UNAVAILABLE', FIELD_ERROR);
    });

    it('SEND_FAILED (data null): 200', async () => {
      await updateOk(t, { outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE' }, defaultSender: { address: 'portal@example.com' } });
      const answer = await post(t, accept, SEND_TEST_EMAIL, { to: 'someone@example.com' });
      expectError(answer, accept, 'SEND_FAILED', FIELD_ERROR);
    });
  });

  // The sendTestEmail budget (4) is spent by the UNAVAILABLE and SEND_FAILED calls above.
  it.each(MEDIA_TYPES)('RATE_LIMITED from the sendTestEmail limit, accepting %s: 429 with Retry-After', async (accept) => {
    const answer = await post(t, accept, SEND_TEST_EMAIL, { to: 'someone@example.com' });
    const extensions = expectError(answer, accept, 'RATE_LIMITED', { [GRAPHQL_RESPONSE]: 429, [JSON_TYPE]: 429 });
    expect(Number(answer.headers.get('retry-after'))).toBe(extensions.retryAfterSeconds);
    expect(Number(extensions.retryAfterSeconds)).toBeGreaterThan(0);
    expect(Number(extensions.retryAfterSeconds)).toBeLessThanOrEqual(60);
  });

  it.each(MEDIA_TYPES)('RATE_LIMITED from the testMailSession limit, accepting %s: 429 with Retry-After', async (accept) => {
    // A budget of 2: the first media type's run spends it, so both runs end refused.
    let answer = await post(t, accept, TEST_MAIL_SESSION, { input: {} });
    for (let i = 0; i < 2 && answer.status === 200 && answer.body.errors === undefined; i++) answer = await post(t, accept, TEST_MAIL_SESSION, { input: {} });
    const extensions = expectError(answer, accept, 'RATE_LIMITED', { [GRAPHQL_RESPONSE]: 429, [JSON_TYPE]: 429 });
    expect(Number(answer.headers.get('retry-after'))).toBe(extensions.retryAfterSeconds);
  });

  // Last: it breaks the database.
  it.each(MEDIA_TYPES)('INTERNAL_SERVER_ERROR (data null), accepting %s: 200', async (accept) => {
    await t.db.query('DROP TABLE IF EXISTS mail_session_revision');
    const answer = await post(t, accept, UPDATE_MAIL_SESSION, { input: { outgoing: { port: 2600 + MEDIA_TYPES.indexOf(accept) } } });
    expectError(answer, accept, 'INTERNAL_SERVER_ERROR', FIELD_ERROR);
  });
});

describe('RATE_LIMITED from the authentication failure limit', () => {
  const t = useTestApp({ authFailures: { slowAfter: 100, refuseAfter: 2, windowMs: 60_000, delayMs: 0 } });

  it.each(MEDIA_TYPES)('is 429 with Retry-After and a request id, accepting %s', async (accept) => {
    let answer = await post(t, accept, READ_MAIL_SESSION, {}, 'wrong-token-0123456789');
    for (let i = 0; i < 3 && answer.status === 401; i++) answer = await post(t, accept, READ_MAIL_SESSION, {}, 'wrong-token-0123456789');
    const extensions = expectError(answer, accept, 'RATE_LIMITED', { [GRAPHQL_RESPONSE]: 429, [JSON_TYPE]: 429 });
    expect(Number(answer.headers.get('retry-after'))).toBe(extensions.retryAfterSeconds);
  });
});
