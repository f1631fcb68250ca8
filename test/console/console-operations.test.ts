import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';
import { useTestApp } from '../support/test-app';

const DOCUMENTS = path.resolve(__dirname, '..', '..', 'web', 'src', 'graphql');

/** The console's operations, each with every fragment of web/src/graphql, as Apollo Client sends them. */
function consoleOperations(): { name: string; query: string }[] {
  const definitions: DefinitionNode[] = readdirSync(DOCUMENTS)
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => parse(readFileSync(path.join(DOCUMENTS, file), 'utf8')).definitions);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  /** The fragments a definition spreads, and theirs (Apollo Client sends those, no others). */
  const used = (definition: DefinitionNode, found = new Map<string, FragmentDefinitionNode>()) => {
    visit(definition, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(fragment.name.value)) {
          found.set(fragment.name.value, fragment);
          used(fragment, found);
        }
      },
    });
    return found;
  };
  return definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.name
      ? [{ name: d.name.value, query: print({ kind: Kind.DOCUMENT, definitions: [d, ...used(d).values()] }) }]
      : [],
  );
}

// The service's default limits (GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_COST, ...), as in production.
const service = useTestApp();

describe("the console's operations and the service's default limits", () => {
  const operations = consoleOperations();

  it('finds the operations', () => {
    expect(operations.map((o) => o.name)).toEqual(expect.arrayContaining(['ConsoleMailSession', 'ConsoleMailSessionHistory', 'ConsoleRestoreMailSession']));
  });

  it.each(operations.map((o) => [o.name, o.query] as const))('%s passes validation (depth, cost, aliases), fragments and all', async (_name, query) => {
    // Sent without its variables: validation comes first, so a refusal for a missing variable means the document passed.
    const result = await service.gql(query);
    const codes = (result.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).not.toContain('GRAPHQL_VALIDATION_FAILED');
  });
});
