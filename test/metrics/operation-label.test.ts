import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { operationLabel, outcomeLabel } from '../../src/platform/metrics/operation-label';

const KNOWN = new Set(['mailSession', 'updateMailSession', 'testMailSession']);
const label = (text: string, operationName?: string) => {
  const document = parse(text);
  const resolved = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && operationName !== undefined && d.name?.value === operationName,
  );
  return operationLabel(document, resolved, KNOWN);
};

describe('the operation label of a GraphQL request', () => {
  it.each([
    ['a query of one root field, whatever the operation is called', 'query Anything_123 { mailSession { version } }', 'mailSession'],
    ['a mutation', 'mutation { updateMailSession(input: {}) { warnings { code } } }', 'updateMailSession'],
    ['the same field twice under aliases', '{ a: mailSession { version } b: mailSession { version } }', 'mailSession'],
    ['a root field reached through fragments', 'query { ...F } fragment F on Query { ... on Query { mailSession { version } } }', 'mailSession'],
    ['two root fields', '{ mailSession { version } __typename x: testMailSession { ok } }', 'multiple'],
    ['introspection alone', '{ __schema { types { name } } __typename }', 'introspection'],
    ['a field the schema does not have', '{ secretAdminPanel }', 'other'],
    ['a known field beside an unknown one', '{ mailSession { version } nope }', 'other'],
    ['a fragment that spreads itself (invalid, but parsed)', 'query { ...F } fragment F on Query { ...F mailSession { version } }', 'mailSession'],
    ['several operations and none chosen', 'query A { mailSession { version } } query B { testMailSession { ok } }', 'other'],
  ])('is the root field for %s', (_what, text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('takes the operation Apollo resolved when the document has several', () => {
    expect(label('query A { mailSession { version } } mutation B { updateMailSession(input: {}) { warnings { code } } }', 'B')).toBe('updateMailSession');
  });

  it('is other without a document (the text did not parse)', () => {
    expect(operationLabel(undefined, undefined, KNOWN)).toBe('other');
  });
});

describe('the outcome label of a GraphQL request', () => {
  const codes = new Set(['BAD_USER_INPUT', 'INTERNAL_SERVER_ERROR']);
  it.each([
    [undefined, 'ok'],
    [[], 'ok'],
    [
      [
        { message: 'x', extensions: { code: 'BAD_USER_INPUT' } },
        { message: 'y', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
      'BAD_USER_INPUT',
    ],
    [[{ message: 'x', extensions: { code: 'MADE_UP_BY_A_CLIENT' } }], 'other'],
    [[{ message: 'x' }], 'other'],
  ])('for errors %j is %s', (errors, expected) => {
    expect(outcomeLabel(errors, codes)).toBe(expected);
  });
});
