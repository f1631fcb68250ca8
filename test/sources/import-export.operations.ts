/** GraphQL documents for importing and exporting Liferay properties (not a test file itself). */
import { SESSION_FIELDS, type UpdatePayload } from '../api/mail-session.operations';
import type { GraphQLResult, TestApp } from '../support/test-app';

export const IMPORT = `
  mutation Import($input: ImportMailSessionPropertiesInput!) {
    importMailSessionProperties(input: $input) {
      mailSession { ${SESSION_FIELDS} }
      warnings { code field message }
    }
  }
`;

export const EXPORT = '{ mailSessionProperties }';

export function importProperties(
  t: TestApp,
  text: string,
  expectedVersion?: number,
  token?: string | null,
): Promise<GraphQLResult<{ importMailSessionProperties: UpdatePayload }>> {
  return t.gql<{ importMailSessionProperties: UpdatePayload }>(IMPORT, { input: { text, ...(expectedVersion !== undefined && { expectedVersion }) } }, token);
}

export async function exportProperties(t: TestApp, token?: string | null): Promise<string> {
  const result = await t.gql<{ mailSessionProperties: string }>(EXPORT, undefined, token);
  expect(result.errors).toBeUndefined();
  return result.data?.mailSessionProperties ?? '';
}
