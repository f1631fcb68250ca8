import fc from 'fast-check';
import { MAIL_PROPERTY_DOCS, SUPPORTED_MAIL_PROPERTY_KEYS, parseMailProperties, type ParsedMailProperties } from '../../src/javamail/mail-properties';
import { passwordGuardedBy } from '../../src/javamail/mail-properties.keys';
import type { MailProperty } from '../../src/javamail/mail-properties';
import { property, refusal } from './support';

/** A valid value for each supported key, by the end of the key. */
const SAMPLE_VALUES: readonly [suffix: string, value: string][] = [
  ['.connectiontimeout', '10000'],
  ['.writetimeout', '10000'],
  ['.timeout', '10000'],
  ['.ssl.checkserveridentity', 'true'],
  ['.ssl.trust', 'mail.example.com'],
  ['.ssl.protocols', 'TLSv1.2 TLSv1.3'],
  ['.localhost', 'app.example.com'],
  ['.from', 'bounces@example.com'],
  ['.auth.mechanisms', 'PLAIN'],
  ['.disable', 'false'],
  ['.auth', 'true'],
  ['.folder', 'INBOX/Replies'],
  ['.movetofolder', 'Archive'],
  ['mail.debug', 'true'],
];

function sampleValue(key: string): string {
  const sample = SAMPLE_VALUES.find(([suffix]) => key.endsWith(suffix));
  if (sample === undefined) throw new Error(`no sample value for ${key}`);
  return sample[1];
}

describe('parseMailProperties: keys', () => {
  it('accepts every supported key with a valid value, all at once', () => {
    const all = SUPPORTED_MAIL_PROPERTY_KEYS.map((key) => ({ key, value: sampleValue(key) }));
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(() => parseMailProperties(all)).not.toThrow();
  });

  /**
   * What each supported key does, on its own, to the options the transports are built from
   * (nodemailer's for SMTP, the client's for POP3/IMAP): every other option stays unset.
   */
  const EFFECTS: Record<string, { properties?: MailProperty[]; value?: string; sets: Partial<ParsedMailProperties> }> = {
    'mail.debug': { value: 'true', sets: { debug: true } },
    ...Object.fromEntries(
      (['smtp', 'pop3', 'imap'] as const).flatMap((protocol) => [
        [`mail.${protocol}.connectiontimeout`, { value: '1234', sets: { [protocol]: { connectionTimeout: 1234 } } }],
        [`mail.${protocol}.timeout`, { value: '2345', sets: { [protocol]: { greetingTimeout: 2345, socketTimeout: 2345 } } }],
        [`mail.${protocol}.writetimeout`, { value: '3456', sets: { [protocol]: { socketTimeout: 3456 } } }],
        [`mail.${protocol}.ssl.checkserveridentity`, { value: 'false', sets: { [protocol]: { checkServerIdentity: false } } }],
        [
          `mail.${protocol}.ssl.trust`,
          { value: 'Mail.Example.com other.example.org', sets: { [protocol]: { trust: ['mail.example.com', 'other.example.org'] } } },
        ],
        [`mail.${protocol}.ssl.protocols`, { value: 'TLSv1.2 TLSv1.1', sets: { [protocol]: { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.2' } } }],
      ]),
    ),
    'mail.smtp.localhost': { value: 'app.example.com', sets: { smtp: { name: 'app.example.com' } } },
    'mail.smtp.from': { value: 'bounces@example.com', sets: { smtp: { envelopeFrom: 'bounces@example.com' } } },
    'mail.smtp.auth': { value: 'false', sets: { smtp: { auth: false } } },
    'mail.smtp.auth.mechanisms': { value: 'LOGIN PLAIN', sets: { smtp: { authMethod: 'LOGIN' } } },
    'mail.smtp.auth.login.disable': {
      properties: [
        { key: 'mail.smtp.auth.mechanisms', value: 'LOGIN PLAIN' },
        { key: 'mail.smtp.auth.login.disable', value: 'true' },
      ],
      sets: { smtp: { authMethod: 'PLAIN' } },
    },
    'mail.imap.folder': { value: 'INBOX/Replies', sets: { imap: { folder: 'INBOX/Replies' } } },
    'mail.imap.movetofolder': { value: 'Archive', sets: { imap: { moveToFolder: 'Archive' } } },
    'mail.smtp.auth.plain.disable': {
      properties: [
        { key: 'mail.smtp.auth.mechanisms', value: 'PLAIN LOGIN' },
        { key: 'mail.smtp.auth.plain.disable', value: 'true' },
      ],
      sets: { smtp: { authMethod: 'LOGIN' } },
    },
  };

  it('has a known effect for every supported key, and supports every key with an effect', () => {
    expect([...SUPPORTED_MAIL_PROPERTY_KEYS].sort()).toEqual(Object.keys(EFFECTS).sort());
  });

  it.each(Object.entries(EFFECTS))('%s sets its options and nothing else', (key, { properties, value, sets }) => {
    const parsed = parseMailProperties(properties ?? property(key, value ?? ''));
    expect(parsed).toEqual({ smtp: {}, pop3: {}, imap: {}, debug: false, ...sets });
  });

  it('documents every supported key with the values it accepts and what it maps to', () => {
    for (const doc of MAIL_PROPERTY_DOCS) {
      expect(EFFECTS).toHaveProperty([doc.key]);
      expect(doc.value.length).toBeGreaterThan(0);
      expect(doc.mapsTo.length).toBeGreaterThan(0);
    }
  });

  it('offers the SMTP-only keys for SMTP alone', () => {
    for (const suffix of ['localhost', 'from', 'auth', 'auth.mechanisms', 'auth.login.disable', 'auth.plain.disable']) {
      expect(SUPPORTED_MAIL_PROPERTY_KEYS).toContain(`mail.smtp.${suffix}`);
      const error = refusal(property(`mail.imap.${suffix}`, 'true'));
      expect(error.message).toContain(`mail.imap.${suffix} is not a supported property`);
    }
  });

  it.each([
    ['mail.smtp.host', 'use outgoing.host'],
    ['mail.pop3.host', 'use incoming.host'],
    ['mail.imap.host', 'use incoming.host'],
    ['mail.host', 'use outgoing.host and incoming.host'],
    ['mail.smtp.port', 'use outgoing.port'],
    ['mail.pop3.port', 'use incoming.port'],
    ['mail.imap.port', 'use incoming.port'],
    ['mail.smtp.user', 'use outgoing.user'],
    ['mail.imap.user', 'use incoming.user'],
    ['mail.user', 'use outgoing.user and incoming.user'],
    ['mail.smtp.password', 'use outgoing.password'],
    ['mail.pop3.password', 'use incoming.password'],
    ['mail.password', 'use outgoing.password and incoming.password'],
    ['mail.from', 'use defaultSender.address'],
    ['mail.store.protocol', 'use incoming.protocol'],
    ['mail.transport.protocol', 'SMTP is the only outgoing protocol (use incoming.protocol to choose POP3 or IMAP)'],
    ['mail.transport.protocol.rfc822', 'SMTP is the only outgoing protocol'],
    ['mail.smtp.ssl.enable', 'use outgoing.security'],
    ['mail.smtp.starttls.enable', 'use outgoing.security'],
    ['mail.smtp.starttls.required', 'use outgoing.security'],
    ['mail.imap.starttls.required', 'use incoming.security'],
    ['mail.pop3.ssl.enable', 'use incoming.security'],
    ['mail.smtp.socketFactory', 'use outgoing.security'],
    ['mail.smtp.socketFactory.class', 'use outgoing.security'],
    ['mail.smtp.socketFactory.port', 'use outgoing.security'],
    ['mail.pop3.socketFactory.fallback', 'use incoming.security'],
    ['mail.imap.ssl.socketFactory.class', 'use incoming.security'],
    ['mail.smtps.host', 'use outgoing.security'],
    ['mail.smtps.timeout', 'use outgoing.security'],
    ['mail.pop3s.port', 'use incoming.security'],
    ['mail.imaps.ssl.trust', 'use incoming.security'],
  ])('refuses %s, which has its own field, and says to %s', (key, advice) => {
    const error = refusal([
      { key: 'mail.debug', value: 'false' },
      { key, value: 'anything' },
    ]);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toEqual(['additionalProperties', 1, 'key']);
    expect(error.message).toContain(`${key} cannot be set as a property: ${advice}`);
  });

  it('words the refusal of a port exactly', () => {
    expect(refusal(property('mail.smtp.port', '25')).message).toBe('mail.smtp.port cannot be set as a property: use outgoing.port');
  });

  it('refuses any key under mail.smtps., mail.pop3s. or mail.imaps., pointing to the security field', () => {
    fc.assert(
      fc.property(fc.constantFrom('smtps', 'pop3s', 'imaps'), fc.stringMatching(/^[a-z][a-z.]{0,20}$/), (protocol, suffix) => {
        const error = refusal(property(`mail.${protocol}.${suffix}`, '1'));
        expect(error.extensions.field).toEqual(['additionalProperties', 0, 'key']);
        expect(error.message).toContain(protocol === 'smtps' ? 'use outgoing.security' : 'use incoming.security');
      }),
    );
  });

  it('refuses an unknown key, naming it and listing every supported key', () => {
    const error = refusal(property('mail.smtp.quitwait', 'false'));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'key']);
    expect(error.message).toMatch(/^mail\.smtp\.quitwait is not a supported property\. Supported keys: /);
    for (const key of SUPPORTED_MAIL_PROPERTY_KEYS) expect(error.message).toContain(key);
    expect(error.message).toContain(`Supported keys: ${SUPPORTED_MAIL_PROPERTY_KEYS.join(', ')}`);
  });

  it('names the side whose password a key guards, and no side for other keys, unknown keys and mail.debug', () => {
    expect(passwordGuardedBy('mail.smtp.ssl.trust')).toBe('outgoing');
    expect(passwordGuardedBy('mail.imap.ssl.checkserveridentity')).toBe('incoming');
    for (const key of ['mail.smtp.timeout', 'mail.debug', 'mail.smtp.quitwait', 'constructor']) expect(passwordGuardedBy(key)).toBeUndefined();
  });

  it('treats keys as case-sensitive and suggests the right spelling', () => {
    const error = refusal(property('mail.smtp.connectionTimeout', '1000'));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'key']);
    expect(error.message).toContain('did you mean mail.smtp.connectiontimeout?');
    expect(refusal(property('Mail.Debug', 'true')).message).toContain('did you mean mail.debug?');
    expect(refusal(property('mail.smtp.nosuchkey', '1')).message).not.toContain('did you mean');
  });

  it('refuses a key given twice, pointing at the second and naming the first', () => {
    const error = refusal([
      { key: 'mail.smtp.timeout', value: '1000' },
      { key: 'mail.debug', value: 'true' },
      { key: ' mail.smtp.timeout', value: '2000' },
    ]);
    expect(error.extensions.field).toEqual(['additionalProperties', 2, 'key']);
    expect(error.message).toBe('mail.smtp.timeout is set twice (also at additionalProperties[0]); keep one');
  });

  it('accepts the same setting for different protocols', () => {
    const parsed = parseMailProperties([
      { key: 'mail.smtp.timeout', value: '1000' },
      { key: 'mail.pop3.timeout', value: '2000' },
      { key: 'mail.imap.timeout', value: '3000' },
    ]);
    expect([parsed.smtp.socketTimeout, parsed.pop3.socketTimeout, parsed.imap.socketTimeout]).toEqual([1000, 2000, 3000]);
  });

  it('trims keys', () => {
    expect(parseMailProperties(property('  mail.debug\t', 'true')).debug).toBe(true);
  });

  it.each([
    ['an empty key', '   ', 'A property key is empty'],
    ['a key with a line break', 'mail.debug\r\nX-Injected: 1', 'A property key contains a line break or another control character'],
    ['a key with a NUL', 'mail.debug\u0000', 'A property key contains a line break or another control character'],
    ['a key of 201 characters', `mail.${'x'.repeat(196)}`, 'A property key is longer than 200 characters'],
  ])('refuses %s', (_what, key, message) => {
    const error = refusal(property(key, 'true'));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'key']);
    expect(error.message).toBe(message);
  });

  it('reports fields under the path it is given', () => {
    const error = refusal(property('mail.smtp.port', '25'), 'input.additionalProperties');
    expect(error.extensions.field).toEqual(['input', 'additionalProperties', 0, 'key']);
  });
});
