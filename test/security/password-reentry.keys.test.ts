import { PASSWORD_GUARDING_KEYS, passwordGuardedBy } from '../../src/javamail/mail-properties.keys';
import { SUPPORTED_MAIL_PROPERTY_KEYS } from '../../src/javamail/mail-properties';
import { UpdateMailSessionInput } from '../../src/mail-settings/mail-session.input';
import type { StoredMailSession } from '../../src/mail-settings/mail-session.row';
import { planUpdate } from '../../src/mail-settings/mail-session.update';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD } from '../../src/mail-settings/mail-session.row';
import { testSecretKey } from '../support/test-app';
import { badUserInputOf } from '../mail-session/support';
import { EMPTY_OAUTH2_COLUMNS } from '../../src/mail-settings/mail-session.oauth2-columns';

/*
 * The password re-entry rule, declared per key in the property table: which keys carry it, and
 * that planUpdate (which updateMailSession, testMailSession candidates and the imports all go
 * through) applies it to each of them, and to no other key.
 */

const EXPECTED_GUARDING_KEYS = [
  'mail.smtp.ssl.checkserveridentity',
  'mail.smtp.ssl.trust',
  'mail.smtp.ssl.protocols',
  'mail.smtp.auth.mechanisms',
  'mail.smtp.auth.login.disable',
  'mail.smtp.auth.plain.disable',
  'mail.pop3.ssl.checkserveridentity',
  'mail.pop3.ssl.trust',
  'mail.pop3.ssl.protocols',
  'mail.imap.ssl.checkserveridentity',
  'mail.imap.ssl.trust',
  'mail.imap.ssl.protocols',
];

/** For each key, by its end: a valid stored value and a valid other one (valid together with the others' stored values). */
const VALUES: readonly [suffix: string, before: string, after: string][] = [
  ['.connectiontimeout', '10000', '20000'],
  ['.writetimeout', '10000', '20000'],
  ['.timeout', '10000', '20000'],
  ['.ssl.checkserveridentity', 'true', 'false'],
  ['.ssl.trust', 'mail.example.com', '*'],
  ['.ssl.protocols', 'TLSv1.2 TLSv1.3', 'TLSv1'],
  ['.localhost', 'app.example.com', 'other.example.com'],
  ['.from', 'bounces@example.com', 'other@example.com'],
  ['.auth.mechanisms', 'CRAM-MD5', 'PLAIN'],
  ['.disable', 'false', 'true'],
  ['.auth', 'true', 'false'],
  ['.folder', 'INBOX', 'INBOX/Replies'],
  ['.movetofolder', 'Archive', 'Processed'],
  ['mail.debug', 'false', 'true'],
];

function values(key: string): { before: string; after: string } {
  const found = VALUES.find(([suffix]) => key.endsWith(suffix));
  if (found === undefined) throw new Error(`no sample value for ${key}`);
  return { before: found[1], after: found[2] };
}

const box = new SecretBox(testSecretKey());

function storedRow(properties: { key: string; value: string }[]): StoredMailSession {
  return {
    id: 1,
    version: 3,
    incomingProtocol: 'IMAP',
    incomingHost: 'imap.example.com',
    incomingPort: 993,
    incomingSecurity: 'TLS',
    incomingUser: 'reader',
    incomingPassword: box.encrypt('incoming-secret', INCOMING_PASSWORD),
    incomingDeleteAfterFetch: true,
    outgoingHost: 'smtp.example.com',
    outgoingPort: 465,
    outgoingSecurity: 'TLS',
    outgoingUser: 'mailer',
    outgoingPassword: box.encrypt('outgoing-secret', OUTGOING_PASSWORD),
    additionalProperties: properties,
    defaultSenderName: null,
    defaultSenderAddress: null,
    ...EMPTY_OAUTH2_COLUMNS,
    updatedAt: new Date(),
    updatedBy: 'test',
  };
}

function input(fields: Partial<UpdateMailSessionInput>): UpdateMailSessionInput {
  return Object.assign(new UpdateMailSessionInput(), fields);
}

/** Every key with a stored value, for a change that touches one of them. */
const ALL_STORED = SUPPORTED_MAIL_PROPERTY_KEYS.map((key) => ({ key, value: values(key).before }));

describe('password-guarding keys in the property table', () => {
  it('are exactly the keys that weaken TLS or choose the SASL mechanism', () => {
    expect(PASSWORD_GUARDING_KEYS).toEqual(EXPECTED_GUARDING_KEYS);
  });

  it('include every supported key named like a TLS or mechanism setting, so a new one cannot slip by', () => {
    const looksGuarding = /\.(?:ssl\.|starttls\.|socketFactory|auth\.mechanisms$|auth\.[^.]+\.disable$)/;
    for (const key of SUPPORTED_MAIL_PROPERTY_KEYS.filter((k) => looksGuarding.test(k))) {
      expect(PASSWORD_GUARDING_KEYS).toContain(key);
    }
  });

  it('guard the password of their own side', () => {
    for (const key of PASSWORD_GUARDING_KEYS) {
      expect(passwordGuardedBy(key)).toBe(key.startsWith('mail.smtp.') ? 'outgoing' : 'incoming');
    }
    for (const key of SUPPORTED_MAIL_PROPERTY_KEYS.filter((k) => !PASSWORD_GUARDING_KEYS.includes(k))) {
      expect(passwordGuardedBy(key)).toBeUndefined();
    }
    for (const key of ['constructor', '__proto__', 'toString', 'mail.smtp.starttls.enable', 'mail.smtp.host']) {
      expect(passwordGuardedBy(key)).toBeUndefined();
    }
  });
});

describe('planUpdate and the password-guarding keys', () => {
  describe.each(EXPECTED_GUARDING_KEYS)('%s', (key) => {
    const side = key.startsWith('mail.smtp.') ? 'outgoing' : 'incoming';
    const { before, after } = values(key);
    const others = ALL_STORED.filter((p) => p.key !== key);
    const current = storedRow(ALL_STORED);

    it.each([
      ['given another value', [...others, { key, value: after }]],
      ['removed', others],
    ])(`is refused when %s without ${side}.password, naming the key`, (_what, next) => {
      const error = badUserInputOf(() => planUpdate(input({ additionalProperties: next }), current, box));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.field).toEqual([side, 'password']);
      expect(error.extensions.changedFields).toEqual([key]);
      expect(error.message).toContain(key);
    });

    it('is refused when added without the password', () => {
      const error = badUserInputOf(() => planUpdate(input({ additionalProperties: [{ key, value: before }] }), storedRow([]), box));
      expect(error.extensions.field).toEqual([side, 'password']);
    });

    it('is accepted with the password given again, or with clearPassword', () => {
      const next = [...others, { key, value: after }];
      const withPassword = planUpdate(input({ additionalProperties: next, [side]: { password: 'again' } }), current, box);
      expect(withPassword?.changedFields).toEqual(['additionalProperties', `${side}.password`]);
      const cleared = planUpdate(input({ additionalProperties: next, [side]: { clearPassword: true } }), current, box);
      expect(cleared?.data[side === 'outgoing' ? 'outgoingPassword' : 'incomingPassword']).toBeNull();
    });

    it('needs no password when it keeps its value (order and surrounding spaces aside)', () => {
      const same = [...ALL_STORED].reverse().map((p) => (p.key === key ? { key: ` ${key} `, value: ` ${p.value} ` } : p));
      expect(() => planUpdate(input({ additionalProperties: same }), current, box)).not.toThrow();
    });

    it('needs no password when none is stored', () => {
      const row = { ...storedRow(ALL_STORED), outgoingPassword: null, incomingPassword: null };
      expect(() => planUpdate(input({ additionalProperties: [...others, { key, value: after }] }), row, box)).not.toThrow();
    });
  });

  it.each(SUPPORTED_MAIL_PROPERTY_KEYS.filter((key) => !EXPECTED_GUARDING_KEYS.includes(key)))('lets %s change without a password', (key) => {
    const next = ALL_STORED.map((p) => (p.key === key ? { key, value: values(key).after } : p));
    const plan = planUpdate(input({ additionalProperties: next }), storedRow(ALL_STORED), box);
    expect(plan?.changedFields).toEqual(['additionalProperties']);
  });

  it('requires the incoming password again when the incoming protocol changes', () => {
    const error = badUserInputOf(() => planUpdate(input({ incoming: { protocol: 'POP3' } }), storedRow([]), box));
    expect(error.extensions.field).toEqual(['incoming', 'password']);
    expect(error.extensions.changedFields).toEqual(['incoming.protocol']);
  });

  it('names every change that needs the password, fields first, then keys', () => {
    const error = badUserInputOf(() =>
      planUpdate(input({ outgoing: { port: 587 }, additionalProperties: [{ key: 'mail.smtp.ssl.trust', value: '*' }] }), storedRow([]), box),
    );
    expect(error.extensions.changedFields).toEqual(['outgoing.port', 'mail.smtp.ssl.trust']);
    expect(error.message).toBe(
      'changing outgoing.port, mail.smtp.ssl.trust requires outgoing.password to be given again (or outgoing.clearPassword: true): it decides where or how the stored password is sent',
    );
  });
});
