import { ADMIN_TOKEN, testSecretKey, VIEWER_TOKEN, useTestApp } from '../support/test-app';
import { READ_MAIL_SESSION, UPDATE_MAIL_SESSION } from './mail-session.operations';

const KEY = testSecretKey();

// Distinctive, so that any copy of them anywhere is found by a plain substring search.
const OUTGOING_PASSWORD = 'OutPw-7f3c9a1e-Zebra-Quartz';
const INCOMING_PASSWORD = 'InPw-2b8d4e6f-Walrus-Onyx';
const LATER_OUTGOING_PASSWORD = 'OutPw-9e1a5c3b-Heron-Jade';
const PASSWORDS = [OUTGOING_PASSWORD, INCOMING_PASSWORD, LATER_OUTGOING_PASSWORD];

describe('secrets stay secret', () => {
  const t = useTestApp({ secretKey: KEY });
  /** Every HTTP response body of this file, as text. */
  const bodies: string[] = [];
  /** What each step of the series in beforeAll expected, and the error code it got. */
  const outcomes: { step: number; expected: string | undefined; actual: unknown }[] = [];

  async function send(
    query: string,
    variables?: Record<string, unknown>,
    token: string = ADMIN_TOKEN,
  ): Promise<{ data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }> {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    bodies.push(text);
    return JSON.parse(text) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
  }

  const update = (input: Record<string, unknown>, token?: string) => send(UPDATE_MAIL_SESSION, { input }, token);

  beforeAll(async () => {
    const step = async (expected: string | undefined, result: Promise<{ errors?: { extensions?: Record<string, unknown> }[] }>) => {
      const { errors } = await result;
      outcomes.push({ step: outcomes.length + 1, expected, actual: errors?.[0]?.extensions?.code });
    };

    await step(
      undefined,
      update({
        outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer', password: OUTGOING_PASSWORD },
        incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS', user: 'reader', password: INCOMING_PASSWORD },
      }),
    );
    await step(undefined, send(READ_MAIL_SESSION));
    await step(undefined, send(READ_MAIL_SESSION, undefined, VIEWER_TOKEN));
    // Refused updates that carry a password: re-entry rule, validation, conflict, role, bad types.
    await step('BAD_USER_INPUT', update({ outgoing: { host: 'evil.example.net' } }));
    await step('BAD_USER_INPUT', update({ outgoing: { host: 'bad host', password: OUTGOING_PASSWORD } }));
    await step('BAD_USER_INPUT', update({ outgoing: { password: OUTGOING_PASSWORD, clearPassword: true } }));
    await step('BAD_USER_INPUT', update({ incoming: { password: `${INCOMING_PASSWORD}\r\nQUIT` } }));
    await step('CONFLICT', update({ expectedVersion: 0, outgoing: { password: OUTGOING_PASSWORD } }));
    await step('FORBIDDEN', update({ outgoing: { password: OUTGOING_PASSWORD } }, VIEWER_TOKEN));
    await step('BAD_USER_INPUT', update({ outgoing: { password: OUTGOING_PASSWORD, port: 'not-a-port' } }));
    await step('BAD_USER_INPUT', update({ incoming: { password: INCOMING_PASSWORD, passwrd: 'typo' } }));
    // Accepted updates: a new password, the same password again, a change of another field.
    await step(undefined, update({ outgoing: { host: 'smtp2.example.com', password: LATER_OUTGOING_PASSWORD } }));
    await step(undefined, update({ incoming: { password: INCOMING_PASSWORD } }));
    await step(undefined, update({ defaultSender: { name: 'Secrets Test', address: 'secrets@example.com' } }));
    await step(undefined, send(READ_MAIL_SESSION));
  });

  it('ran the series of reads, updates and refused updates with the expected outcomes', () => {
    expect(outcomes).toHaveLength(15);
    expect(outcomes.map(({ step, actual }) => ({ step, code: actual }))).toEqual(outcomes.map(({ step, expected }) => ({ step, code: expected })));
  });

  it('returns no password in any HTTP response body', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(14);
    for (const body of bodies) for (const password of PASSWORDS) expect(body).not.toContain(password);
  });

  it('writes no password to any log line', () => {
    expect(t.logs.lines.length).toBeGreaterThan(0);
    const leaking = t.logs.lines.filter((line) => PASSWORDS.some((password) => line.includes(password)));
    expect(leaking).toEqual([]);
  });

  it('stores the passwords in mail_session only as ciphertext under the configured key id', async () => {
    const [row] = await t.db.query<{ outgoing_password: string | null; incoming_password: string | null; whole: string }>(
      'SELECT outgoing_password, incoming_password, row_to_json(s)::text AS whole FROM mail_session s',
    );
    for (const stored of [row?.outgoing_password, row?.incoming_password]) {
      expect(stored).toMatch(new RegExp(`^v1\\.${KEY.id}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    }
    for (const password of PASSWORDS) expect(row?.whole).not.toContain(password);
  });

  it('encrypts the same password differently on every write', async () => {
    const [before] = await t.db.query<{ incoming_password: string }>('SELECT incoming_password FROM mail_session');
    await update({ incoming: { password: INCOMING_PASSWORD } });
    const [after] = await t.db.query<{ incoming_password: string }>('SELECT incoming_password FROM mail_session');
    expect(after?.incoming_password).toMatch(/^v1\./);
    expect(after?.incoming_password).not.toBe(before?.incoming_password);
  });

  it('keeps every password out of every column of the change history', async () => {
    const rows = await t.db.query<{ whole: string; snapshot_text: string; changed_fields: string[] }>(
      'SELECT row_to_json(r)::text AS whole, snapshot::text AS snapshot_text, changed_fields FROM mail_session_revision r ORDER BY version',
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      for (const password of PASSWORDS) expect(row.whole).not.toContain(password);
      for (const field of row.changed_fields) expect(field).toMatch(/^[A-Za-z.[\]0-9]+$/);
    }
    const withPassword = rows.filter((row) => row.changed_fields.includes('outgoing.password'));
    expect(withPassword.length).toBeGreaterThan(0);
    for (const row of withPassword) expect(row.snapshot_text).toMatch(/"outgoingPassword": "v1\./);
  });

  it('stores nothing that decrypts without the key: the ciphertext is not the password in another encoding', async () => {
    const [row] = await t.db.query<{ outgoing_password: string }>('SELECT outgoing_password FROM mail_session');
    const decoded = (row?.outgoing_password ?? '')
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('utf8'))
      .join('|');
    expect(decoded).not.toContain(LATER_OUTGOING_PASSWORD);
    expect(row?.outgoing_password).not.toContain(Buffer.from(LATER_OUTGOING_PASSWORD).toString('base64url'));
  });
});
