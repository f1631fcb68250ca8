import { inputPath } from '../../src/platform/errors/domain-errors';
import { onlyError, storedState, updateOk, updateSession } from '../api/mail-session.operations';
import { reportOf, testSession } from '../mail-check/operations';
import { importProperties } from '../sources/import-export.operations';
import { selfSignedCertificate, type TestCertificate } from '../support/certificates';
import { useTestApp } from '../support/test-app';
import { startImpostor, type Impostor } from './impostor';

/*
 * Issue 10, class 3: the password re-entry rule covers every setting that decides where or how
 * the stored password travels, not only host, port, security and user. An editor who does not
 * know the password tries to weaken TLS or the SASL mechanism, against an impostor SMTP server
 * that logs passwords: as a testMailSession candidate, as a saved change and as an import. Each is
 * refused, and the impostor never sees the stored password.
 */

const t = useTestApp({ mailCheck: { testsPerWindow: 10_000, wholeTestMs: 10_000, stepMs: 5_000 } });
const USER = 'mailer';
const STORED = `stored-${process.pid}-Secret!`;
const GIVEN = `given-${process.pid}-Other!`;

type Security = 'TLS' | 'STARTTLS' | 'NONE';
interface Property {
  key: string;
  value: string;
}

interface Case {
  name: string;
  /** The saved settings, under which the stored password never reaches the impostor readably. */
  security: Security;
  base: Property[];
  certificate: 'self-signed' | 'other-name';
  /** The attacker's change, as updateMailSession / testMailSession input without a password. */
  change: Record<string, unknown>;
  /** The field the refusal names: the password, or the key itself when no value of it is accepted. */
  field: string;
  /** The same change as a Liferay properties import. */
  importText: string;
  /** The change as the one who knows the password makes it: accepted. */
  allowed: Record<string, unknown>;
  /** The mechanism the allowed change authenticates with at the impostor; undefined when TLS stops it first. */
  mechanism: 'PLAIN' | 'LOGIN' | undefined;
}

const ADVANCED = 'mail.session.mail.advanced.properties=';
const props = (...entries: [string, string][]): Property[] => entries.map(([key, value]) => ({ key, value }));
const advanced = (...entries: [string, string][]) => ADVANCED + entries.map(([key, value]) => `${key}=${value}`).join('\\n');
const withPassword = (properties: Property[]) => ({ additionalProperties: properties, outgoing: { password: GIVEN } });

const CRAM_ONLY = props(['mail.smtp.auth.login.disable', 'true'], ['mail.smtp.auth.plain.disable', 'true']);

const CASES: Case[] = [
  {
    name: 'mail.smtp.ssl.trust=*',
    security: 'TLS',
    base: [],
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.ssl.trust', '*']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.ssl.trust', '*']),
    allowed: withPassword(props(['mail.smtp.ssl.trust', '*'])),
    mechanism: 'PLAIN',
  },
  {
    name: 'mail.smtp.ssl.trust naming the host',
    security: 'TLS',
    base: [],
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.ssl.trust', '127.0.0.1']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.ssl.trust', '127.0.0.1']),
    allowed: withPassword(props(['mail.smtp.ssl.trust', '127.0.0.1'])),
    mechanism: 'PLAIN',
  },
  {
    name: 'mail.smtp.ssl.checkserveridentity=false',
    security: 'TLS',
    base: [],
    certificate: 'other-name',
    change: { additionalProperties: props(['mail.smtp.ssl.checkserveridentity', 'false']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.ssl.checkserveridentity', 'false']),
    allowed: withPassword(props(['mail.smtp.ssl.checkserveridentity', 'false'])),
    mechanism: undefined,
  },
  {
    name: 'mail.smtp.ssl.protocols=TLSv1',
    security: 'TLS',
    base: [],
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.ssl.protocols', 'TLSv1']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.ssl.protocols', 'TLSv1']),
    allowed: withPassword(props(['mail.smtp.ssl.protocols', 'TLSv1'])),
    mechanism: undefined,
  },
  {
    name: 'mail.smtp.auth.mechanisms=PLAIN on a plain connection where CRAM-MD5 was chosen',
    security: 'NONE',
    base: props(['mail.smtp.auth.mechanisms', 'CRAM-MD5']),
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.auth.mechanisms', 'PLAIN']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.auth.mechanisms', 'PLAIN']),
    allowed: withPassword(props(['mail.smtp.auth.mechanisms', 'PLAIN'])),
    mechanism: 'PLAIN',
  },
  {
    name: 'mail.smtp.auth.plain.disable=false on a plain connection',
    security: 'NONE',
    base: CRAM_ONLY,
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.auth.login.disable', 'true'], ['mail.smtp.auth.plain.disable', 'false']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.auth.login.disable', 'true'], ['mail.smtp.auth.plain.disable', 'false']),
    allowed: withPassword(props(['mail.smtp.auth.login.disable', 'true'], ['mail.smtp.auth.plain.disable', 'false'])),
    mechanism: 'PLAIN',
  },
  {
    name: 'mail.smtp.auth.login.disable=false on a plain connection',
    security: 'NONE',
    base: CRAM_ONLY,
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.auth.login.disable', 'false'], ['mail.smtp.auth.plain.disable', 'true']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.auth.login.disable', 'false'], ['mail.smtp.auth.plain.disable', 'true']),
    allowed: withPassword(props(['mail.smtp.auth.login.disable', 'false'], ['mail.smtp.auth.plain.disable', 'true'])),
    mechanism: 'LOGIN',
  },
  {
    name: 'removing mail.smtp.auth.plain.disable on a plain connection',
    security: 'NONE',
    base: CRAM_ONLY,
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.auth.login.disable', 'true']) },
    field: 'outgoing.password',
    importText: advanced(['mail.smtp.auth.login.disable', 'true']),
    allowed: withPassword(props(['mail.smtp.auth.login.disable', 'true'])),
    mechanism: 'PLAIN',
  },
  {
    // As a property the key is refused whatever the password; in an import it sets the security.
    name: 'mail.smtp.starttls.enable=false',
    security: 'STARTTLS',
    base: [],
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.starttls.enable', 'false']) },
    field: 'additionalProperties[0].key',
    importText: 'mail.session.mail.smtp.starttls.enable=false',
    allowed: { outgoing: { security: 'NONE', password: GIVEN } },
    mechanism: 'PLAIN',
  },
  {
    name: 'mail.smtp.starttls.required=false',
    security: 'STARTTLS',
    base: [],
    certificate: 'self-signed',
    change: { additionalProperties: props(['mail.smtp.starttls.required', 'false']) },
    field: 'additionalProperties[0].key',
    importText: advanced(['mail.smtp.starttls.required', 'false']),
    allowed: { outgoing: { security: 'NONE', password: GIVEN } },
    mechanism: 'PLAIN',
  },
];

let certificates: Record<Case['certificate'], TestCertificate>;
const impostors: Impostor[] = [];

beforeAll(async () => {
  const [selfSigned, otherName] = await Promise.all([selfSignedCertificate({ names: ['127.0.0.1'] }), selfSignedCertificate({ names: ['mail.example.com'] })]);
  certificates = { 'self-signed': selfSigned, 'other-name': otherName };
});

afterAll(async () => {
  // The whole point: across every case and path, the stored password reached no impostor.
  expect(impostors.flatMap((impostor) => impostor.seen).filter((auth) => auth.secret === STORED)).toEqual([]);
  await Promise.all(impostors.map((impostor) => impostor.peer.close()));
});

describe.each(CASES)('$name', (c) => {
  let impostor: Impostor;
  let seenBefore = 0;

  beforeAll(async () => {
    impostor = await startImpostor({
      tls: c.security === 'TLS' ? 'IMPLICIT' : c.security === 'STARTTLS' ? 'STARTTLS' : 'NONE',
      certificate: certificates[c.certificate],
    });
    impostors.push(impostor);
  });

  beforeEach(async () => {
    // The administrator's settings: the password is stored, and under them it never reaches the impostor readably.
    await updateOk(t, {
      outgoing: { host: '127.0.0.1', port: impostor.peer.port, security: c.security, user: USER, password: STORED },
      additionalProperties: c.base,
      defaultSender: { address: 'app@example.com' },
    });
    seenBefore = impostor.seen.length;
  });

  afterEach(() => {
    expect(impostor.seen.slice(seenBefore).filter((auth) => auth.secret === STORED)).toEqual([]);
  });

  /** Tests the saved settings, as anyone may: the impostor must still learn nothing. */
  async function savedSettingsLeakNothing(): Promise<void> {
    const before = impostor.seen.length;
    await reportOf(t);
    expect(
      impostor.seen
        .slice(before)
        .map((auth) => auth.secret)
        .filter((secret) => secret !== undefined),
    ).toEqual([]);
  }

  it('is refused as a testMailSession candidate without the password, and nothing is probed', async () => {
    const error = onlyError(await testSession(t, c.change));
    expect(error.code).toBe('BAD_USER_INPUT');
    // A candidate is `settings` of testMailSession's input: its problems are named from there.
    expect(error.field).toEqual(['settings', ...inputPath(c.field)]);
    expect(impostor.seen.slice(seenBefore)).toEqual([]);
  });

  it('is refused by updateMailSession without the password, changing nothing', async () => {
    const before = await storedState(t.db);
    const error = onlyError(await updateSession(t, c.change));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toEqual(inputPath(c.field));
    expect(await storedState(t.db)).toEqual(before);
    await savedSettingsLeakNothing();
  });

  it('is refused by importMailSessionProperties without the password, changing nothing', async () => {
    const before = await storedState(t.db);
    const error = onlyError(await importProperties(t, c.importText));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toEqual(['outgoing', 'password']);
    expect(await storedState(t.db)).toEqual(before);
    await savedSettingsLeakNothing();
  });

  it('is accepted with the password given again, which is the only one the impostor can see', async () => {
    const auth = c.mechanism === undefined ? undefined : impostor.nextAuth();
    const report = await reportOf(t, c.allowed);
    expect(report.candidate).toBe(true);
    if (auth !== undefined) expect(await auth).toEqual({ method: c.mechanism, user: USER, secret: GIVEN });
    else expect(report.outgoing.steps.find((step) => step.name === 'AUTHENTICATION')).toBeUndefined();
  });
});

describe('a candidate that clears the password', () => {
  it('is probed without the stored password', async () => {
    const impostor = await startImpostor({ tls: 'IMPLICIT', certificate: certificates['self-signed'] });
    impostors.push(impostor);
    await updateOk(t, { outgoing: { host: '127.0.0.1', port: impostor.peer.port, security: 'TLS', user: USER, password: STORED }, additionalProperties: [] });
    const auth = impostor.nextAuth();
    await reportOf(t, { additionalProperties: props(['mail.smtp.ssl.trust', '*']), outgoing: { clearPassword: true } });
    expect(await auth).toEqual({ method: 'PLAIN', user: USER, secret: '' });
  });
});

describe('an import that clears the password', () => {
  it('may weaken TLS: accepted, the stored password is removed, and the saved settings send none', async () => {
    const impostor = await startImpostor({ tls: 'IMPLICIT', certificate: certificates['self-signed'] });
    impostors.push(impostor);
    await updateOk(t, { outgoing: { host: '127.0.0.1', port: impostor.peer.port, security: 'TLS', user: USER, password: STORED }, additionalProperties: [] });
    const result = await importProperties(t, `${advanced(['mail.smtp.ssl.trust', '*'])}\nmail.session.mail.smtp.password=`);
    expect(result.errors).toBeUndefined();
    expect((await storedState(t.db)).row.outgoing_password).toBeNull();
    const auth = impostor.nextAuth();
    await reportOf(t);
    expect(await auth).toEqual({ method: 'PLAIN', user: USER, secret: '' });
  });
});

describe('the incoming side', () => {
  beforeEach(async () => {
    await updateOk(t, {
      incoming: { protocol: 'IMAP', host: '127.0.0.1', port: 993, security: 'TLS', user: 'reader', password: STORED },
      additionalProperties: [],
    });
  });

  it.each([
    ['the incoming protocol', { incoming: { protocol: 'POP3' } }, 'incoming.protocol'],
    ['mail.imap.ssl.trust', { additionalProperties: props(['mail.imap.ssl.trust', '*']) }, 'mail.imap.ssl.trust'],
    ['mail.pop3.ssl.checkserveridentity', { additionalProperties: props(['mail.pop3.ssl.checkserveridentity', 'false']) }, 'mail.pop3.ssl.checkserveridentity'],
  ])('needs the incoming password again to change %s, as a candidate and as a saved change', async (_what, change, named) => {
    for (const [result, under] of [
      [await testSession(t, change), ['settings']],
      [await updateSession(t, change), []],
    ] as const) {
      const error = onlyError(result);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.field).toEqual([...under, 'incoming', 'password']);
      expect(error.extensions.changedFields).toEqual([named]);
    }
  });

  it('needs it again when an import changes the store protocol', async () => {
    const error = onlyError(await importProperties(t, 'mail.session.mail.store.protocol=pop3s'));
    expect(error.field).toEqual(['incoming', 'password']);
  });
});
