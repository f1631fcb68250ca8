import fc from 'fast-check';
import type { SecureVersion } from 'node:tls';
import {
  certificateChecksDisabled,
  parseMailProperties,
  type MailboxPropertyOptions,
  type ParsedMailProperties,
  type SmtpPropertyOptions,
} from '../../src/javamail/mail-properties';
import type { MailProperty } from '../../src/mail-settings/mail-session.model';
import { hostName } from './support';

const VERSIONS: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const ms = fc.integer({ min: 1, max: 600_000 });

/** Values for the keys shared by every protocol, each possibly absent. */
const mailboxValues = fc.record(
  {
    connectiontimeout: ms,
    timeout: ms,
    writetimeout: ms,
    checkserveridentity: fc.boolean(),
    trust: fc.oneof(
      fc.constant('*' as const),
      fc.uniqueArray(
        hostName.map((h) => h.toLowerCase()),
        { minLength: 1, maxLength: 4 },
      ),
    ),
    protocols: fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 })).map(([a, b]) => VERSIONS.slice(Math.min(a, b), Math.max(a, b) + 1)),
  },
  { requiredKeys: [] },
);

const smtpValues = fc.record(
  {
    shared: mailboxValues,
    localhost: hostName,
    from: hostName.map((host) => `bounces@${host}`),
    auth: fc.boolean(),
    mechanisms: fc.uniqueArray(fc.constantFrom('PLAIN' as const, 'LOGIN' as const, 'CRAM-MD5' as const), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['shared'] },
);

type MailboxValues = typeof mailboxValues extends fc.Arbitrary<infer T> ? T : never;
type SmtpValues = typeof smtpValues extends fc.Arbitrary<infer T> ? T : never;

const SUFFIXES: Record<keyof MailboxValues, string> = {
  connectiontimeout: 'connectiontimeout',
  timeout: 'timeout',
  writetimeout: 'writetimeout',
  checkserveridentity: 'ssl.checkserveridentity',
  trust: 'ssl.trust',
  protocols: 'ssl.protocols',
};

function mailboxProperties(protocol: string, values: MailboxValues): MailProperty[] {
  return (Object.keys(SUFFIXES) as (keyof MailboxValues)[]).flatMap((name) => {
    const value = values[name];
    if (value === undefined) return [];
    return [{ key: `mail.${protocol}.${SUFFIXES[name]}`, value: Array.isArray(value) ? value.join(' ') : String(value) }];
  });
}

function expectedMailbox(values: MailboxValues): MailboxPropertyOptions {
  const expected: MailboxPropertyOptions = {};
  if (values.connectiontimeout !== undefined) expected.connectionTimeout = values.connectiontimeout;
  if (values.timeout !== undefined) expected.greetingTimeout = values.timeout;
  const socket = [values.timeout, values.writetimeout].filter((v): v is number => v !== undefined);
  if (socket.length > 0) expected.socketTimeout = Math.min(...socket);
  if (values.checkserveridentity !== undefined) expected.checkServerIdentity = values.checkserveridentity;
  if (values.trust !== undefined) expected.trust = values.trust;
  if (values.protocols !== undefined) {
    expected.minVersion = values.protocols[0];
    expected.maxVersion = values.protocols.at(-1);
  }
  return expected;
}

function smtpProperties(values: SmtpValues): MailProperty[] {
  const own: MailProperty[] = [];
  if (values.localhost !== undefined) own.push({ key: 'mail.smtp.localhost', value: values.localhost });
  if (values.from !== undefined) own.push({ key: 'mail.smtp.from', value: values.from });
  if (values.auth !== undefined) own.push({ key: 'mail.smtp.auth', value: String(values.auth) });
  if (values.mechanisms !== undefined) own.push({ key: 'mail.smtp.auth.mechanisms', value: values.mechanisms.join(' ') });
  return [...mailboxProperties('smtp', values.shared), ...own];
}

function expectedSmtp(values: SmtpValues): SmtpPropertyOptions {
  const expected: SmtpPropertyOptions = expectedMailbox(values.shared);
  if (values.localhost !== undefined) expected.name = values.localhost;
  if (values.from !== undefined) expected.envelopeFrom = values.from;
  if (values.auth !== undefined) expected.auth = values.auth;
  if (values.mechanisms?.[0] !== undefined) expected.authMethod = values.mechanisms[0];
  return expected;
}

describe('parseMailProperties round trip', () => {
  it('reads back every combination of supported values, in any order', () => {
    fc.assert(
      fc.property(smtpValues, mailboxValues, mailboxValues, fc.boolean(), fc.context(), (smtp, pop3, imap, debug, ctx) => {
        const properties = [
          ...smtpProperties(smtp),
          ...mailboxProperties('pop3', pop3),
          ...mailboxProperties('imap', imap),
          { key: 'mail.debug', value: String(debug) },
        ];
        const expected: ParsedMailProperties = { smtp: expectedSmtp(smtp), pop3: expectedMailbox(pop3), imap: expectedMailbox(imap), debug };
        ctx.log(JSON.stringify(properties));
        expect(parseMailProperties(properties)).toEqual(expected);
        expect(parseMailProperties([...properties].reverse())).toEqual(expected);
      }),
    );
  });

  it('writes the keys it generates with the names the service documents', () => {
    const keys = mailboxProperties('imap', {
      connectiontimeout: 1,
      timeout: 1,
      writetimeout: 1,
      checkserveridentity: true,
      trust: '*',
      protocols: ['TLSv1.3'],
    }).map((p) => p.key);
    expect(keys).toEqual([
      'mail.imap.connectiontimeout',
      'mail.imap.timeout',
      'mail.imap.writetimeout',
      'mail.imap.ssl.checkserveridentity',
      'mail.imap.ssl.trust',
      'mail.imap.ssl.protocols',
    ]);
  });
});

describe('certificateChecksDisabled', () => {
  const parsed = (properties: MailProperty[]) => parseMailProperties(properties);

  it('is true for any host when ssl.checkserveridentity is false', () => {
    const p = parsed([{ key: 'mail.smtp.ssl.checkserveridentity', value: 'false' }]);
    expect(certificateChecksDisabled(p, 'smtp', 'smtp.example.com')).toBe(true);
    expect(certificateChecksDisabled(p, 'smtp', null)).toBe(true);
  });

  it('is false when ssl.checkserveridentity is true or unset', () => {
    expect(certificateChecksDisabled(parsed([{ key: 'mail.smtp.ssl.checkserveridentity', value: 'true' }]), 'smtp', 'smtp.example.com')).toBe(false);
    expect(certificateChecksDisabled(parsed([]), 'smtp', 'smtp.example.com')).toBe(false);
  });

  it('is true for any host when ssl.trust is *', () => {
    const p = parsed([{ key: 'mail.imap.ssl.trust', value: '*' }]);
    expect(certificateChecksDisabled(p, 'imap', 'imap.example.com')).toBe(true);
  });

  it('is true for a listed host whatever its case or trailing dot, and false for another host', () => {
    const p = parsed([{ key: 'mail.pop3.ssl.trust', value: 'pop.example.com 192.0.2.5' }]);
    expect(certificateChecksDisabled(p, 'pop3', 'POP.example.com')).toBe(true);
    expect(certificateChecksDisabled(p, 'pop3', 'pop.example.com.')).toBe(true);
    expect(certificateChecksDisabled(p, 'pop3', '192.0.2.5')).toBe(true);
    expect(certificateChecksDisabled(p, 'pop3', 'pop2.example.com')).toBe(false);
    expect(certificateChecksDisabled(p, 'pop3', null)).toBe(false);
  });

  it("looks only at the given protocol's properties", () => {
    const p = parsed([
      { key: 'mail.smtp.ssl.trust', value: '*' },
      { key: 'mail.pop3.ssl.checkserveridentity', value: 'false' },
    ]);
    expect(certificateChecksDisabled(p, 'imap', 'mail.example.com')).toBe(false);
    expect(certificateChecksDisabled(p, 'smtp', 'mail.example.com')).toBe(true);
    expect(certificateChecksDisabled(p, 'pop3', 'mail.example.com')).toBe(true);
  });
});
