import fc from 'fast-check';
import { withoutVariableValue } from '../../src/platform/graphql/error-formatting';
import { useTestApp } from '../support/test-app';
import { UPDATE_MAIL_SESSION } from './mail-session.operations';

describe('variable errors never echo the rejected value', () => {
  const t = useTestApp();

  it('answers an input with a misspelt field with BAD_USER_INPUT whose text holds no password, whatever the password', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 6, maxLength: 40, unit: 'grapheme' }), async (secret) => {
        const password = `Pw${secret}`;
        const result = await t.gql(UPDATE_MAIL_SESSION, { input: { incoming: { password, passwrd: 'typo' } } });
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const text = JSON.stringify(result);
        expect(text).not.toContain(JSON.stringify(password).slice(1, -1));
        expect(result.errors?.[0]?.message).toContain('"passwrd"');
      }),
      { numRuns: 30 },
    );
    expect(t.logs.text).not.toContain('passwrd: "typo"');
  });

  it('keeps the variable, the path and the reason but not the value', () => {
    const reason = 'Int cannot represent non-integer value: "ab; cd"';
    expect(withoutVariableValue(`Variable "$input" got invalid value "ab; cd" at "input.outgoing.port"; ${reason}`, reason)).toBe(
      'Variable "$input" got an invalid value at "input.outgoing.port": Int cannot represent non-integer value',
    );
    const missing = 'Field "b" of required type "Int!" was not provided.';
    expect(withoutVariableValue(`Variable "$input" got invalid value { a: "x; y" }; ${missing}`, missing)).toBe(
      `Variable "$input" got an invalid value: ${missing}`,
    );
    expect(withoutVariableValue('Variable "$input" got invalid value "secret"; something else', undefined)).toBe('Variable "$input" got an invalid value');
    expect(withoutVariableValue('Syntax Error: Expected Name, found <EOF>.', undefined)).toBe('Syntax Error: Expected Name, found <EOF>.');
  });

  it('names the path of a wrongly typed variable field without its value', async () => {
    const result = await t.gql(UPDATE_MAIL_SESSION, { input: { outgoing: { port: 'Secret-Port-Value' } } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toBe('Variable "$input" got an invalid value at "input.outgoing.port": Int cannot represent non-integer value');
  });
});
