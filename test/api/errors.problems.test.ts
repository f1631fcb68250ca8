import { parseMailProperties } from '../../src/javamail/mail-properties';
import { BadUserInputError, ErrorCode } from '../../src/platform/errors/domain-errors';
import { useTestApp } from '../support/test-app';
import { expectRefused, onlyError, updateOk, updateSession } from './mail-session.operations';

describe('BAD_USER_INPUT lists every problem of an input', () => {
  const t = useTestApp();

  it('from the decorators and the rules together, each with its path', async () => {
    const error = await expectRefused(
      t,
      t.db,
      {
        outgoing: { port: 70000, password: 'x', clearPassword: true },
        incoming: { port: 0 },
        additionalProperties: [{ key: 'mail.smtp.nonsense', value: 'x' }],
      },
      'incoming.port',
    );
    expect(error.extensions.problems).toEqual([
      { field: ['incoming', 'port'], message: expect.stringContaining('incoming.port') },
      { field: ['outgoing', 'port'], message: expect.stringContaining('outgoing.port') },
      { field: ['outgoing', 'clearPassword'], message: 'give either outgoing.password or outgoing.clearPassword, not both' },
      { field: ['additionalProperties', 0, 'key'], message: expect.stringContaining('mail.smtp.nonsense is not a supported property') },
    ]);
    expect(error.message).toContain('outgoing.port');
    expect(error.message).toContain('mail.smtp.nonsense');
  });

  it('from every rule, those that need the stored settings (password re-entry) included', async () => {
    await updateOk(t, { outgoing: { host: 'relay.example.com', port: 587, security: 'STARTTLS', password: 'stored-secret' } });
    const error = await expectRefused(
      t,
      t.db,
      {
        outgoing: { host: 'other.example.com' },
        additionalProperties: [
          { key: 'mail.smtp.timeout', value: 'soon' },
          { key: 'mail.smtp.nonsense', value: 'x' },
        ],
      },
      'additionalProperties[0].value',
    );
    expect(error.extensions.problems).toEqual([
      { field: ['additionalProperties', 0, 'value'], message: expect.stringContaining('mail.smtp.timeout') },
      { field: ['additionalProperties', 1, 'key'], message: expect.stringContaining('mail.smtp.nonsense') },
      { field: ['outgoing', 'password'], message: expect.stringContaining('requires outgoing.password to be given again') },
    ]);
  });

  it('from every coercion problem of a variable, in one error', async () => {
    const result = await updateSession(t, { outgoing: { port: 'abc', security: 'STARTTL' }, additionalProperties: [{ value: 'x' }] });
    const error = onlyError(result);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toEqual(['outgoing', 'port']);
    expect(error.extensions.problems).toEqual([
      { field: ['outgoing', 'port'], message: expect.stringContaining('input.outgoing.port') },
      { field: ['outgoing', 'security'], message: expect.stringContaining('input.outgoing.security') },
      { field: ['additionalProperties', 0, 'key'], message: expect.stringContaining('Field "key"') },
    ]);
  });

  it('a problem alone is the only one listed, its field the same', async () => {
    const error = onlyError(await updateSession(t, { outgoing: { port: 0 } }));
    expect(error.field).toEqual(['outgoing', 'port']);
    expect(error.extensions.problems).toEqual([{ field: ['outgoing', 'port'], message: expect.any(String) }]);
  });
});

describe('parseMailProperties', () => {
  it('checks every entry and tells every problem', () => {
    let refusal: unknown;
    try {
      parseMailProperties([
        { key: 'mail.smtp.timeout', value: 'soon' },
        { key: 'mail.smtp.port', value: '25' },
        { key: 'mail.smtp.auth.mechanisms', value: 'LOGIN' },
        { key: 'mail.smtp.auth.login.disable', value: 'true' },
      ]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BadUserInputError);
    expect((refusal as BadUserInputError).problems.map((problem) => problem.field)).toEqual([
      ['additionalProperties', 0, 'value'],
      ['additionalProperties', 1, 'key'],
      ['additionalProperties', 2, 'value'],
    ]);
  });
});

describe('the SDL documents the error codes', () => {
  const t = useTestApp();

  it('names every code with its HTTP statuses in the schema description, as introspection shows it', async () => {
    const result = await t.gql<{ __schema: { description: string | null } }>('{ __schema { description } }');
    const description = result.data?.__schema.description ?? '';
    for (const code of Object.values(ErrorCode)) expect(description).toMatch(new RegExp(`^- ${code}: HTTP \\S`, 'm'));
    expect(description).toContain('application/graphql-response+json');
  });
});
