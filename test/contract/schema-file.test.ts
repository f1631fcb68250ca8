import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printServiceSchema } from '../../src/platform/graphql/schema-printing';

const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema.graphql');

/** The first line that differs, numbered from 1, to say where the committed file is behind. */
function firstDifference(committed: string, built: string): string {
  const a = committed.split('\n');
  const b = built.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '<end of file>')}, built ${JSON.stringify(b[at] ?? '<end of file>')}`;
}

describe('schema.graphql', () => {
  it('is the schema the service builds, printed by graphql-js', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const built = await printServiceSchema();
    if (committed !== built) {
      throw new Error(`schema.graphql is not the built schema: run \`npm run schema\` and commit it (${firstDifference(committed, built)})`);
    }
  });
});
