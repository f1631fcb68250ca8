import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isAbstractType, Kind, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { POSSIBLE_TYPES } from '../../web/src/api/possible-types';

const ROOT = path.resolve(__dirname, '..', '..');
const schema = buildSchema(readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
const DOCUMENTS = path.join(ROOT, 'web', 'src', 'graphql');

/** The abstract types on which the console's documents select with an inline fragment. */
function abstractTypesReadThroughFragments(): Set<string> {
  const text = readdirSync(DOCUMENTS)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => readFileSync(path.join(DOCUMENTS, file), 'utf8'))
    .join('\n');
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    parse(text),
    visitWithTypeInfo(typeInfo, {
      [Kind.INLINE_FRAGMENT]() {
        const parent = typeInfo.getParentType();
        if (parent && isAbstractType(parent)) found.add(parent.name);
      },
    }),
  );
  return found;
}

describe("the console's possibleTypes (Apollo Client's cache)", () => {
  it('lists every abstract type the console reads through inline fragments', () => {
    expect([...abstractTypesReadThroughFragments()].sort()).toEqual(Object.keys(POSSIBLE_TYPES).sort());
  });

  it('lists exactly the implementations schema.graphql has, so no value of a new one is dropped', () => {
    for (const [name, listed] of Object.entries(POSSIBLE_TYPES)) {
      const type = schema.getType(name);
      if (!type || !isAbstractType(type)) throw new Error(`${name} is not an interface or union of schema.graphql`);
      const actual = schema.getPossibleTypes(type).map((t) => t.name);
      expect([name, [...listed].sort()]).toEqual([name, actual.sort()]);
    }
  });
});
