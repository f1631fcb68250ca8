import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { changelogSection, checkSchemaChanges, describeChanges, newestRelease } from './schema-changes';

const ROOT = path.join(__dirname, '..', '..');
const read = (...names: string[]) => readFileSync(path.join(ROOT, ...names), 'utf8');

describe('schema.graphql compared with the last release', () => {
  it('has no breaking change that CHANGELOG.md does not list under Unreleased', async () => {
    const release = newestRelease(readdirSync(path.join(ROOT, 'schema')));
    if (release === undefined) throw new Error('schema/ holds no vX.Y.Z.graphql: a release copies schema.graphql there');
    const report = await checkSchemaChanges(read('schema', release.fileName), read('schema.graphql'), changelogSection(read('CHANGELOG.md')));
    if (report.dangerous.length > 0) {
      console.info(`Dangerous changes since ${release.version} (not enforced; worth a CHANGELOG line):\n${describeChanges(report.dangerous)}`);
    }
    if (report.unlisted.length > 0) {
      throw new Error(
        `${report.unlisted.length} breaking change(s) since ${release.version} not listed in CHANGELOG.md: ` +
          'name each coordinate in backticks under "## Unreleased", with how a client migrates:\n' +
          describeChanges(report.unlisted),
      );
    }
  });
});
