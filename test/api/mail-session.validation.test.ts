import fc from 'fast-check';
import { SUPPORTED_MAIL_PROPERTY_KEYS } from '../../src/javamail/mail-properties';
import type { TestDatabase } from '../support/database';
import { useTestApp, type TestApp } from '../support/test-app';
import { expectRefused, onlyError, readSession, storedState, updateOk, updateSession } from './mail-session.operations';

/**
 * Sends an update whose variables the schema's types refuse (an EmailAddress that is not one)
 * and checks that it is BAD_USER_INPUT and that nothing changed. How a type error names the
 * field is the error mapping's business, not asserted here.
 */
async function expectTypeRefused(t: TestApp, db: TestDatabase, input: Record<string, unknown>): Promise<void> {
  const before = await readSession(t);
  const storedBefore = await storedState(db);
  const error = onlyError(await updateSession(t, input));
  expect(error.code).toBe('BAD_USER_INPUT');
  expect(await readSession(t)).toEqual(before);
  expect(await storedState(db)).toEqual(storedBefore);
}

describe('validation of updates at the API edge', () => {
  const t = useTestApp();

  beforeAll(async () => {
    // Something to lose: every refused update below must leave these values as they are.
    await updateOk(t, {
      incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS', user: 'reader' },
      outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer' },
      additionalProperties: [{ key: 'mail.smtp.timeout', value: '10000' }],
      defaultSender: { name: 'Before', address: 'before@example.com' },
    });
  });

  describe.each(['outgoing', 'incoming'])('%s.host', (side) => {
    it.each([
      ['a space', 'bad host'],
      ['a leading hyphen', '-x.com'],
      ['a 64-character label', `${'a'.repeat(64)}.example.com`],
      ['CR LF', 'a\r\nb'],
      ['an underscore', 'smtp_relay.example.com'],
      ['a bracketed IPv6 address', '[::1]'],
    ])(`is refused when it contains %s, naming ${side}.host`, async (_why, host) => {
      const error = await expectRefused(t, t.db, { [side]: { host } }, `${side}.host`);
      expect(error.message).toContain(`${side}.host`);
    });
  });

  it('accepts a 63-character label, the longest allowed', async () => {
    const host = `${'a'.repeat(63)}.example.com`;
    const payload = await updateOk(t, { outgoing: { host } });
    expect(payload.mailSession.outgoing.host).toBe(host);
  });

  describe.each<'outgoing' | 'incoming'>(['outgoing', 'incoming'])('%s.port', (side) => {
    it.each([0, 65536, -1])(`refuses %d, naming ${side}.port`, async (port) => {
      await expectRefused(t, t.db, { [side]: { port } }, `${side}.port`);
    });

    it.each([1, 65535])('accepts %d, the edge of the range', async (port) => {
      const payload = await updateOk(t, { [side]: { port } });
      expect(payload.mailSession[side].port).toBe(port);
    });
  });

  it.each(['not-an-address', 'two@@example.com', 'Name <name@example.com>', 'a@b\r\nBcc: x@example.com'])(
    'refuses %j as defaultSender.address, an EmailAddress',
    async (address) => {
      await expectTypeRefused(t, t.db, { defaultSender: { address } });
    },
  );

  it.each([
    ['outgoing.user', { outgoing: { user: 'mailer\r\nRCPT TO:<x@example.com>' } }],
    ['incoming.user', { incoming: { user: 'reader\nDELE 1' } }],
    ['defaultSender.name', { defaultSender: { name: 'Name\r\nBcc: victim@example.com' } }],
  ])('refuses CR/LF in %s', async (field, input) => {
    const error = await expectRefused(t, t.db, input, field);
    expect(error.message).toContain(field);
  });

  it.each(['outgoing', 'incoming'])('refuses CR/LF in %s.password without echoing the password', async (side) => {
    const secret = `Hunter2-${side}-Secret\r\nQUIT`;
    const before = await readSession(t);
    const result = await updateSession(t, { [side]: { password: secret } });
    const error = onlyError(result);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe(`${side}.password`);
    const body = JSON.stringify(result);
    expect(body).not.toContain('Hunter2');
    expect(body).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect((await readSession(t)).version).toBe(before.version);
  });

  it('refuses an unknown additional property key with a message listing the supported keys', async () => {
    const error = await expectRefused(t, t.db, { additionalProperties: [{ key: 'mail.smtp.frobnicate', value: 'yes' }] }, 'additionalProperties[0].key');
    expect(error.message).toContain('mail.smtp.frobnicate');
    expect(SUPPORTED_MAIL_PROPERTY_KEYS.length).toBeGreaterThan(0);
    for (const key of SUPPORTED_MAIL_PROPERTY_KEYS) expect(error.message).toContain(key);
  });

  it.each([
    ['mail.smtp.host', 'outgoing.host'],
    ['mail.smtp.port', 'outgoing.port'],
    ['mail.smtp.user', 'outgoing.user'],
    ['mail.imap.host', 'incoming.host'],
    ['mail.smtp.ssl.enable', 'outgoing.security'],
  ])('refuses the property %s, pointing to the field %s', async (key, field) => {
    const error = await expectRefused(t, t.db, { additionalProperties: [{ key, value: 'x' }] }, 'additionalProperties[0].key');
    expect(error.message).toContain(key);
    expect(error.message).toContain(field);
  });

  it('names the position of the offending property in the list', async () => {
    const error = await expectRefused(
      t,
      t.db,
      {
        additionalProperties: [
          { key: 'mail.smtp.timeout', value: '1000' },
          { key: 'mail.smtp.timeout', value: 'soon' },
        ],
      },
      'additionalProperties[1].key',
    );
    expect(error.message).toContain('mail.smtp.timeout');
  });

  it('refuses a property value it cannot read, naming the value', async () => {
    await expectRefused(t, t.db, { additionalProperties: [{ key: 'mail.smtp.connectiontimeout', value: 'soon' }] }, 'additionalProperties[0].value');
  });

  it('stores nothing of an update when one of its fields is refused', async () => {
    await expectTypeRefused(t, t.db, {
      outgoing: { host: 'valid-but-not-stored.example.com', port: 2525 },
      defaultSender: { name: 'Not Stored', address: 'not an address' },
    });
    await expectRefused(
      t,
      t.db,
      { outgoing: { host: 'valid-but-not-stored.example.com', port: 2525 }, defaultSender: { name: 'Not Stored\nBcc: x@example.com' } },
      'defaultSender.name',
    );
  });

  it('always refuses an outgoing.user containing CR or LF and leaves the version unchanged', async () => {
    const withLineBreak = fc
      .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\r', '\n', '\r\n'), fc.string({ maxLength: 20 }))
      .map(([head, lineBreak, tail]) => `${head}${lineBreak}${tail}`);
    const { version } = await readSession(t);

    await fc.assert(
      fc.asyncProperty(withLineBreak, async (user) => {
        const result = await updateSession(t, { outgoing: { user } });
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.extensions?.field).toBe('outgoing.user');
        expect(result.data ?? null).toBeNull();
        expect((await readSession(t)).version).toBe(version);
      }),
      { numRuns: 25 },
    );
    const [row] = await t.db.query<{ version: number; outgoing_user: string }>('SELECT version, outgoing_user FROM mail_session');
    expect(row).toEqual({ version, outgoing_user: 'mailer' });
  });
});
