import { httpLimitsFrom } from '../../src/config/http-settings';
import { useTestApp, type SharedTestApp } from '../support/test-app';
import { UPDATE_MAIL_SESSION } from './mail-session.operations';

/** Requests a client could get wrong, each with the schema details graphql-js would name in its answer. */
const MISTAKES: { name: string; query: string; variables?: Record<string, unknown>; details: string[] }[] = [
  {
    name: 'an enum typo in a variable',
    query: UPDATE_MAIL_SESSION,
    variables: { input: { outgoing: { security: 'STARTTL' } } },
    details: ['Did you mean', 'STARTTLS', 'ConnectionSecurity'],
  },
  {
    name: 'an unknown input field in a variable',
    query: UPDATE_MAIL_SESSION,
    variables: { input: { outgoing: { passwrd: 'x' } } },
    details: ['Did you mean', '"password"', 'OutgoingServerInput'],
  },
  { name: 'a wrong-typed variable value', query: UPDATE_MAIL_SESSION, variables: { input: { outgoing: { port: 'abc' } } }, details: ['Int'] },
  { name: 'a list item that is not an object', query: UPDATE_MAIL_SESSION, variables: { input: { outgoing: 5 } }, details: ['OutgoingServerInput'] },
  {
    name: 'a required input field left out',
    query: UPDATE_MAIL_SESSION,
    variables: { input: { additionalProperties: [{ value: 'x' }] } },
    details: ['String!'],
  },
  {
    name: 'an enum typo in the document',
    query: 'mutation { updateMailSession(input: { outgoing: { security: STARTTL } }) { mailSession { version } } }',
    details: ['Did you mean', 'STARTTLS', 'ConnectionSecurity'],
  },
  { name: 'a field typo in the document', query: 'query { mailSession { versio } }', details: ['Did you mean', '"version"'] },
];

async function messagesOf(t: SharedTestApp, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<string> {
  const result = await t.gql(query, variables, token);
  expect(result.errors?.length).toBeGreaterThan(0);
  return JSON.stringify(result.errors);
}

describe('schema details in client errors', () => {
  describe('in production (hideSchemaDetails)', () => {
    const t = useTestApp({ httpLimits: httpLimitsFrom({}, 'production') });

    it.each(MISTAKES)('are left out of the answer to $name', async ({ query, variables, details }) => {
      const text = await messagesOf(t, query, variables);
      for (const detail of details) expect(text).not.toContain(detail);
    });

    it('still say where the problem is and what kind it is', async () => {
      const result = await t.gql(UPDATE_MAIL_SESSION, { input: { outgoing: { security: 'STARTTL', passwrd: 'x' } } });
      expect(result.errors).toHaveLength(1);
      const error = result.errors?.[0];
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toContain('input.outgoing.security');
      expect(error?.message).toContain('is not one of the allowed values');
      expect(error?.message).toContain('Field "passwrd" is not defined');
      expect(error?.extensions?.problems).toEqual([
        { field: ['outgoing', 'security'], message: expect.any(String) },
        { field: ['outgoing', 'passwrd'], message: expect.any(String) },
      ]);
    });

    it.each(MISTAKES)('tell a caller without a token nothing but UNAUTHENTICATED, for $name', async ({ query, variables }) => {
      const result = await t.gql(query, variables, null);
      expect(result.status).toBe(401);
      expect(result.data).toBeUndefined();
      expect(result.errors).toEqual([{ message: 'A valid bearer token is required', extensions: { code: 'UNAUTHENTICATED', requestId: expect.any(String) } }]);
    });
  });

  // The same mistakes name the details outside production: the tests above can fail.
  describe('in development', () => {
    const t = useTestApp({ httpLimits: httpLimitsFrom({}, 'development') });

    it.each(MISTAKES)('are named in the answer to $name', async ({ query, variables, details }) => {
      const text = await messagesOf(t, query, variables);
      for (const detail of details) expect(text).toContain(detail.replace(/"/g, '\\"'));
    });
  });
});
