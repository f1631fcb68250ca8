import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** The label of a request whose operation is not one root field of the schema: none, unknown, or not found. */
export const OTHER = 'other';
/** The label of a request that selects only `__schema`, `__type` or `__typename`. */
export const INTROSPECTION = 'introspection';
/** The label of a request that selects several root fields. */
export const MULTIPLE = 'multiple';

function rootFieldNames(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: Set<string>, names: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFieldNames(selection.selectionSet, fragments, seen, names);
    else if (!seen.has(selection.name.value)) {
      // A document that failed validation may spread a fragment into itself.
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootFieldNames(fragment.selectionSet, fragments, seen, names);
    }
  }
}

/** The operation a request runs: the one Apollo resolved, else the document's only one. */
function operationOf(document: DocumentNode, resolved: OperationDefinitionNode | undefined): OperationDefinitionNode | undefined {
  if (resolved) return resolved;
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * A bounded label for a request's operation: the root field it selects when that is one of the
 * schema's (`known`), `introspection`, `multiple`, or `other`. The operation name is the client's
 * to choose, so it is never used: any text would become a new time series.
 */
export function operationLabel(document: DocumentNode | undefined, resolved: OperationDefinitionNode | undefined, known: ReadonlySet<string>): string {
  const operation = document && operationOf(document, resolved);
  if (!document || !operation) return OTHER;
  const fragments = new Map(
    document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment] as const),
  );
  const names = new Set<string>();
  rootFieldNames(operation.selectionSet, fragments, new Set(), names);
  const fields = [...names].filter((name) => !name.startsWith('__'));
  if (fields.length === 0) return names.size > 0 ? INTROSPECTION : OTHER;
  if (fields.some((name) => !known.has(name))) return OTHER;
  return fields.length === 1 ? (fields[0] ?? OTHER) : MULTIPLE;
}

/**
 * A bounded label for how a request ended: `ok`, or the `extensions.code` of its first error when
 * it is one of `codes` (the closed set clients see), else `other`.
 */
export function outcomeLabel(errors: readonly GraphQLFormattedError[] | undefined, codes: ReadonlySet<string>): string {
  const first = errors?.[0];
  if (first === undefined) return 'ok';
  const code = first.extensions?.code;
  return typeof code === 'string' && codes.has(code) ? code : OTHER;
}
