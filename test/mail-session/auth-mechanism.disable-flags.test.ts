import { parseMailProperties } from '../../src/javamail/mail-properties';
import type { MailProperty } from '../../src/mail-settings/mail-session.model';
import { refusal } from './support';

/* auth.login.disable and auth.plain.disable take a mechanism out of the choice only when true. */

function authMethod(properties: MailProperty[]) {
  return parseMailProperties(properties).smtp.authMethod;
}

describe('auth.*.disable flags', () => {
  it('keeps LOGIN when mail.smtp.auth.login.disable is false', () => {
    expect(
      authMethod([
        { key: 'mail.smtp.auth.mechanisms', value: 'LOGIN PLAIN' },
        { key: 'mail.smtp.auth.login.disable', value: 'false' },
      ]),
    ).toBe('LOGIN');
    expect(authMethod([{ key: 'mail.smtp.auth.login.disable', value: 'false' }])).toBeUndefined();
  });

  it('keeps PLAIN when mail.smtp.auth.plain.disable is false', () => {
    expect(
      authMethod([
        { key: 'mail.smtp.auth.mechanisms', value: 'PLAIN LOGIN' },
        { key: 'mail.smtp.auth.plain.disable', value: 'FALSE' },
      ]),
    ).toBe('PLAIN');
  });

  it('skips LOGIN when mail.smtp.auth.login.disable is true, in any case', () => {
    expect(
      authMethod([
        { key: 'mail.smtp.auth.mechanisms', value: 'LOGIN PLAIN' },
        { key: 'mail.smtp.auth.login.disable', value: 'True' },
      ]),
    ).toBe('PLAIN');
  });

  it('falls back to CRAM-MD5 when LOGIN and PLAIN are disabled and no list is given', () => {
    expect(
      authMethod([
        { key: 'mail.smtp.auth.login.disable', value: 'true' },
        { key: 'mail.smtp.auth.plain.disable', value: 'true' },
      ]),
    ).toBe('CRAM-MD5');
  });

  it('keeps the given order of mechanisms, without repeats', () => {
    expect(authMethod([{ key: 'mail.smtp.auth.mechanisms', value: 'plain login PLAIN' }])).toBe('PLAIN');
    expect(
      authMethod([
        { key: 'mail.smtp.auth.mechanisms', value: 'LOGIN LOGIN CRAM-MD5' },
        { key: 'mail.smtp.auth.login.disable', value: 'true' },
      ]),
    ).toBe('CRAM-MD5');
  });

  it('refuses a mechanism list of white space only', () => {
    const error = refusal([{ key: 'mail.smtp.auth.mechanisms', value: ' \t ' }]);
    expect(error.message).toBe('mail.smtp.auth.mechanisms has no value');
  });

  it('names the protocol and no field when only disable flags leave nothing to choose', () => {
    const error = refusal([
      { key: 'mail.smtp.auth.mechanisms', value: 'LOGIN' },
      { key: 'mail.smtp.auth.login.disable', value: 'true' },
    ]);
    expect(error.message).toBe('Every mechanism in mail.smtp.auth.mechanisms is disabled by mail.smtp.auth.login.disable or mail.smtp.auth.plain.disable');
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
  });
});
