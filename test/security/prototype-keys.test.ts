import { ConfigError } from '../../src/config/config-error';
import { loadMailSessionSource } from '../../src/settings-source/source-apply';
import { onlyError, storedState, updateOk, updateSession } from '../api/mail-session.operations';
import { importProperties } from '../sources/import-export.operations';
import { propertiesFile, sourceFromEnvironment } from '../sources/sources.support';
import { useTestApp } from '../support/test-app';

/*
 * Issue 10, class 9: names of Object.prototype's members, coming from outside as keys, values or
 * protocols, must not find those members in a lookup table. Each is refused with a message that
 * names it literally (never `[object Object]` or a function's source), and nothing imports as POP3.
 */

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
/** What a lookup that found an Object.prototype member would print. */
const LEAKED = /\[object Object\]|function|native code/;

async function configProblem(load: () => Promise<unknown>): Promise<string> {
  try {
    await load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the source was accepted');
}

describe('names of Object.prototype members from outside', () => {
  const t = useTestApp();

  beforeAll(async () => {
    await updateOk(t, { incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS' } });
  });

  describe.each(NAMES)('%s', (name) => {
    it('is refused as an additional property key by updateMailSession, named as it is', async () => {
      const before = await storedState(t.db);
      const error = onlyError(await updateSession(t, { additionalProperties: [{ key: name, value: 'x' }] }));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.field).toBe('additionalProperties[0].key');
      expect(error.message.startsWith(`${name} is not a supported property.`)).toBe(true);
      expect(error.message).not.toMatch(LEAKED);
      expect(await storedState(t.db)).toEqual(before);
    });

    it.each(['mail.smtp.auth.mechanisms', 'mail.smtp.ssl.protocols', 'mail.smtp.auth', 'mail.imap.timeout'])(
      'is refused as the value of %s, naming the key',
      async (key) => {
        const error = onlyError(await updateSession(t, { additionalProperties: [{ key, value: name }] }));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.field).toBe('additionalProperties[0].value');
        expect(error.message.startsWith(`${key} `)).toBe(true);
        expect(error.message).not.toMatch(LEAKED);
      },
    );

    it('is refused as the store protocol of an import, named as it is, and nothing imports as POP3', async () => {
      const before = await storedState(t.db);
      const error = onlyError(await importProperties(t, `mail.session.mail.store.protocol=${name}`));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.key).toBe('mail.session.mail.store.protocol');
      expect(error.message).toContain(`got "${name}"`);
      expect(error.message).not.toMatch(LEAKED);
      expect(await storedState(t.db)).toEqual(before);
      expect(before.row.incoming_protocol).toBe('IMAP');
    });

    it('is refused as the transport protocol of an import, named as it is', async () => {
      const error = onlyError(await importProperties(t, `mail.session.mail.transport.protocol=${name}`));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(`got "${name}"`);
    });

    it('is refused as a key in the advanced properties of an import, named as it is', async () => {
      const before = await storedState(t.db);
      const error = onlyError(await importProperties(t, `mail.session.mail.advanced.properties=${name}=1`));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.key).toBe('mail.session.mail.advanced.properties');
      expect(error.message).toContain(`${name} is not a supported property.`);
      expect(error.message).not.toMatch(LEAKED);
      expect(await storedState(t.db)).toEqual(before);
    });

    it('is refused as a key in the mail namespace of an import, and only ignored (and named) outside it', async () => {
      const refused = onlyError(await importProperties(t, `mail.session.${name}=1`));
      expect(refused.extensions.key).toBe(`mail.session.${name}`);
      const before = await storedState(t.db);
      const ignored = await importProperties(t, `${name}=1`);
      expect(ignored.errors).toBeUndefined();
      expect(ignored.data?.importMailSessionProperties.warnings).toEqual([
        { code: 'IGNORED_PROPERTY', field: ['text'], message: `${name} is not a mail setting and was ignored` },
      ]);
      expect(await storedState(t.db)).toEqual(before);
    });

    it.each([
      ['MAIL_INCOMING_PROTOCOL', 'MAIL_INCOMING_PROTOCOL: expected POP3, IMAP, got "NAME"'],
      ['MAIL_OUTGOING_SECURITY', 'MAIL_OUTGOING_SECURITY: expected NONE, STARTTLS_OPTIONAL, STARTTLS, TLS, got "NAME"'],
    ])('is refused in %s, named as it is', async (variable, message) => {
      const source = sourceFromEnvironment({ MAIL_OUTGOING_HOST: 'smtp.example.com', [variable]: name });
      if (!source) throw new Error('no source');
      expect(await configProblem(() => loadMailSessionSource(source))).toBe(message.replace('NAME', name));
    });

    it('is refused as a key in MAIL_ADDITIONAL_PROPERTIES, named as it is', async () => {
      const source = sourceFromEnvironment({ MAIL_OUTGOING_HOST: 'smtp.example.com', MAIL_ADDITIONAL_PROPERTIES: `${name}=1` });
      if (!source) throw new Error('no source');
      const problem = await configProblem(() => loadMailSessionSource(source));
      expect(problem.startsWith(`MAIL_ADDITIONAL_PROPERTIES: ${name} is not a supported property.`)).toBe(true);
      expect(problem).not.toMatch(LEAKED);
    });

    it('is refused as the store protocol of MAIL_SESSION_PROPERTIES_FILE, named as it is', async () => {
      const file = await propertiesFile(`mail.session.mail.pop3.host=pop.example.com\nmail.session.mail.store.protocol=${name}\n`);
      const source = sourceFromEnvironment({ MAIL_SESSION_PROPERTIES_FILE: file });
      if (!source) throw new Error('no source');
      const problem = await configProblem(() => loadMailSessionSource(source));
      expect(problem).toContain(`mail.session.mail.store.protocol: expected pop3, pop3s, imap or imaps, got "${name}"`);
    });
  });
});
