import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');

/**
 * graphql-codegen's output for codegen.ts, not written to disk. It runs in a child Node: the CLI
 * requires ES modules (yargs), which Node loads with require() and Jest's module loader cannot.
 */
const GENERATE = `
const { generate, loadCodegenConfig } = require('@graphql-codegen/cli');
loadCodegenConfig({ configFilePath: 'codegen.ts' })
  .then(({ config }) => generate({ ...config, cwd: process.cwd(), silent: true }, false))
  .then((outputs) => process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content })))));
`;

interface Output {
  filename: string;
  content: string;
}

describe('the typed operations of the examples and of the admin console', () => {
  it('are what graphql-codegen generates today from schema.graphql, examples/operations and web/src/graphql', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', GENERATE], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const outputs = JSON.parse(stdout) as Output[];
    // graphql-codegen hands its outputs back in either order.
    expect(outputs.map((output) => output.filename).sort()).toEqual(['examples/generated/graphql.ts', 'web/src/generated/graphql.ts']);
    for (const output of outputs) {
      const committed = readFileSync(path.join(ROOT, output.filename), 'utf8');
      if (committed !== output.content) {
        throw new Error(`${output.filename} is not graphql-codegen's output: run \`npm run codegen\` (or \`npm run schema\`) and commit it`);
      }
    }
  });
});
