import { useTestApp } from '../support/test-app';
import { onlyError, readSession, UPDATE_MAIL_SESSION } from './mail-session.operations';

describe('errors about the request itself', () => {
  const t = useTestApp();

  // Request errors are 200 as application/json, which these requests get (no Accept); 400 as
  // application/graphql-response+json (errors.http-status.test.ts).
  it('answers a GraphQL syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const result = await t.gql('query { mailSession { version ');
    const error = onlyError(result);
    expect(error.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(error.message).toMatch(/Syntax Error/);
    expect(result.status).toBe(200);
  });

  it('answers a query for an unknown field with GRAPHQL_VALIDATION_FAILED naming the field', async () => {
    const result = await t.gql('query { mailSession { version smtpPassword } }');
    const error = onlyError(result);
    expect(error.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toContain('smtpPassword');
    expect(result.status).toBe(200);
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT and changes nothing', async () => {
    const before = await readSession(t);
    const result = await t.gql(UPDATE_MAIL_SESSION, { input: { outgoing: { port: 'abc' } } });
    const error = onlyError(result);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('outgoing.port');
    expect((await readSession(t)).version).toBe(before.version);
  });

  it('answers an unknown input field with BAD_USER_INPUT without echoing the other values sent', async () => {
    const secret = 'Sibling-Secret-Of-Unknown-Field-42';
    const result = await t.gql(UPDATE_MAIL_SESSION, { input: { outgoing: { password: secret, passwrd: 'typo' } } });
    const error = onlyError(result);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('passwrd');
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(t.logs.text).not.toContain(secret);
  });

  it('answers an unknown enum value with BAD_USER_INPUT', async () => {
    const result = await t.gql(UPDATE_MAIL_SESSION, { input: { outgoing: { security: 'SSL' } } });
    expect(onlyError(result).code).toBe('BAD_USER_INPUT');
  });

  it('answers a missing required variable with BAD_USER_INPUT', async () => {
    const result = await t.gql(UPDATE_MAIL_SESSION, {});
    expect(onlyError(result).code).toBe('BAD_USER_INPUT');
  });
});
