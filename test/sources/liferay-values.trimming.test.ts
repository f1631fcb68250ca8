import fc from 'fast-check';
import { liferayKeyFor, parseLiferayProperties } from '../../src/liferay/liferay-properties';
import { problemOf } from './sources.support';

/*
 * In a portal-ext.properties, values are trimmed, passwords excepted: a password may end in
 * white space, and trimming it would lock the service out.
 */

const printable = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /^[\x21-\x7e]+$/.test(s) && !s.includes('\\'));

describe('trimming Liferay values', () => {
  it('keeps the white space at the end of either password, and trims every other value', () => {
    const { settings } = parseLiferayProperties(
      [
        'mail.session.mail.pop3.password=pop secret  ',
        'mail.session.mail.smtp.password=\\ smtp secret\\t',
        'mail.session.mail.pop3.host=pop.example.com  ',
        'mail.session.mail.pop3.user=portal  ',
        'mail.session.mail.smtp.host=smtp.example.com\\t',
        'mail.session.mail.smtp.user=sender  ',
        'mail.session.mail.smtp.port=587  ',
        'mail.session.mail.pop3.port=995 ',
        'mail.session.mail.store.protocol=pop3s ',
        'mail.session.mail.transport.protocol=smtps ',
        'admin.email.from.name=Portal  ',
        'admin.email.from.address=noreply@example.com  ',
      ].join('\n'),
    );
    expect(settings.incoming).toEqual({ protocol: 'POP3', security: 'TLS', host: 'pop.example.com', port: 995, user: 'portal', password: 'pop secret  ' });
    expect(settings.outgoing).toEqual({ security: 'TLS', host: 'smtp.example.com', port: 587, user: 'sender', password: ' smtp secret\t' });
    expect(settings.defaultSender).toEqual({ name: 'Portal', address: 'noreply@example.com' });
  });

  it('reads any password with trailing spaces as written', () => {
    fc.assert(
      fc.property(printable, fc.integer({ min: 1, max: 4 }), fc.constantFrom('pop3', 'smtp'), (password, spaces, side) => {
        const { settings } = parseLiferayProperties(`mail.session.mail.${side}.password=${password}${' '.repeat(spaces)}`);
        const read = side === 'pop3' ? settings.incoming.password : settings.outgoing.password;
        expect(read).toBe(`${password}${' '.repeat(spaces)}`);
      }),
    );
  });

  it('reads an empty port, host or password as none', () => {
    const { settings } = parseLiferayProperties(
      'mail.session.mail.smtp.port=\nmail.session.mail.pop3.port=  \nmail.session.mail.smtp.host=\nmail.session.mail.pop3.password=',
    );
    expect(settings.outgoing).toEqual({ host: null, port: undefined });
    expect(settings.incoming).toEqual({ port: undefined, password: null });
  });

  it('trims the entries of the advanced properties and reads their security flags', () => {
    const { settings } = parseLiferayProperties(
      'mail.session.mail.store.protocol=imap\nmail.session.mail.advanced.properties=mail.smtp.timeout=1000  \\n mail.imap.starttls.enable = TRUE \\nmail.imap.starttls.required=true',
    );
    expect(settings.additionalProperties).toEqual([{ key: 'mail.smtp.timeout', value: '1000' }]);
    expect(settings.incoming).toEqual({ protocol: 'IMAP', security: 'STARTTLS' });
  });

  it('reads starttls.enable in the advanced properties as STARTTLS when offered, for each server', () => {
    const { settings } = parseLiferayProperties('mail.session.mail.advanced.properties=mail.pop3.starttls.enable=true\\nmail.smtp.starttls.enable=true');
    expect(settings.incoming).toEqual({ protocol: 'POP3', security: 'STARTTLS_OPTIONAL' });
    expect(settings.outgoing.security).toBe('STARTTLS_OPTIONAL');
  });

  it('reads mail.pop3.ssl.enable as implicit TLS for a POP3 store', () => {
    const { settings } = parseLiferayProperties('mail.session.mail.advanced.properties=mail.pop3.ssl.enable=true');
    expect(settings.incoming).toEqual({ protocol: 'POP3', security: 'TLS' });
    expect(settings.additionalProperties).toEqual([]);
  });

  it('refuses POP3 STARTTLS keys when the store is IMAP', () => {
    const problem = problemOf('mail.session.mail.store.protocol=imaps\nmail.session.mail.advanced.properties=mail.pop3.ssl.enable=false');
    expect(problem.key).toBe('mail.session.mail.advanced.properties');
    expect(problem.problem).toBe('mail.pop3.ssl.enable does not apply: the store protocol is imap');
    expect(problem.line).toBe(2);
  });

  it('keeps smtp.auth apart when there are no advanced properties, and puts it first when there are', () => {
    expect(parseLiferayProperties('mail.session.mail.smtp.auth=TRUE').settings).toMatchObject({ smtpAuth: 'true' });
    expect(parseLiferayProperties('mail.session.mail.smtp.auth=false').settings.additionalProperties).toBeUndefined();
    const both = parseLiferayProperties('mail.session.mail.smtp.auth=false\nmail.session.mail.advanced.properties=mail.smtp.timeout=5');
    expect(both.settings.additionalProperties).toEqual([
      { key: 'mail.smtp.auth', value: 'false' },
      { key: 'mail.smtp.timeout', value: '5' },
    ]);
    expect(both.settings).not.toHaveProperty('smtpAuth', 'false');
  });

  it('names the line of a refused value and of a conflicting smtp.auth', () => {
    expect(problemOf('\n\nmail.session.mail.smtp.port=x').line).toBe(3);
    const conflict = problemOf('# auth\nmail.session.mail.smtp.auth=true\nmail.session.mail.advanced.properties=mail.smtp.auth=true');
    expect(conflict.line).toBe(2);
    expect(conflict.problem).toBe('also set as mail.smtp.auth in mail.session.mail.advanced.properties; keep one');
  });

  it('refuses a malformed escape inside the advanced properties as a problem of that key, on its line', () => {
    const problem = problemOf('# x\nmail.session.mail.advanced.properties=mail.smtp.localhost=a\\\\u12');
    expect(problem.key).toBe('mail.session.mail.advanced.properties');
    expect(problem.line).toBe(2);
  });

  it('accepts a \\\\u that is an escaped backslash followed by u', () => {
    expect(parseLiferayProperties('mail.session.mail.smtp.user=a\\\\u12').settings.outgoing.user).toBe('a\\u12');
  });

  it('lists keys outside the mail namespaces once, and refuses an unknown admin.email.from key', () => {
    expect(parseLiferayProperties('a=1\nb=2\na=3').ignoredKeys).toEqual(['a', 'b']);
    expect(problemOf('admin.email.from.nam=Portal').key).toBe('admin.email.from.nam');
  });

  it('maps input paths back to the Liferay key they came from', () => {
    expect(liferayKeyFor('additionalProperties[2].value')).toBe('mail.session.mail.advanced.properties');
    expect(liferayKeyFor('incoming.security')).toBe('mail.session.mail.store.protocol');
    expect(liferayKeyFor('outgoing.security')).toBe('mail.session.mail.transport.protocol');
    expect(liferayKeyFor('defaultSender.address')).toBe('admin.email.from.address');
    expect(liferayKeyFor('incoming.deleteAfterFetch')).toBe('incoming.deleteAfterFetch');
  });
});
