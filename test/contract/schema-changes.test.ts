import { changelogSection, checkSchemaChanges, newestRelease } from './schema-changes';

const RELEASED = `
type Query {
  mailSession: MailSession!
}
type Mutation {
  restoreMailSession(version: Int!, expectedVersion: Int): MailSession!
}
type MailSession {
  host: String
  protocol: MailProtocol!
}
enum MailProtocol {
  POP3
  IMAP
}
`;

/** restoreMailSession loses its arguments (breaking), MailProtocol gains a value (dangerous). */
const CURRENT = `
type Query {
  mailSession: MailSession!
}
type Mutation {
  restoreMailSession(input: RestoreInput!): MailSession!
}
input RestoreInput {
  version: Int!
}
type MailSession {
  host: String
  protocol: MailProtocol!
}
enum MailProtocol {
  POP3
  IMAP
  JMAP
}
`;

const changelog = (unreleased: string) => `# Changelog

## Unreleased

${unreleased}

## 0.1.0

- \`Mutation.restoreMailSession.expectedVersion\` listed for an older release
`;

describe('the breaking-change check', () => {
  it('passes when every breaking change is listed by its coordinate in backticks under Unreleased', async () => {
    const section = changelogSection(
      changelog(
        [
          '- `restoreMailSession(input:)`: `Mutation.restoreMailSession.version` and',
          '  `Mutation.restoreMailSession.expectedVersion` moved into `Mutation.restoreMailSession.input`.',
        ].join('\n'),
      ),
    );
    const report = await checkSchemaChanges(RELEASED, CURRENT, section);
    expect(report.unlisted).toEqual([]);
    expect(report.listed.map((change) => change.coordinate).sort()).toEqual([
      'Mutation.restoreMailSession.expectedVersion',
      'Mutation.restoreMailSession.input',
      'Mutation.restoreMailSession.version',
    ]);
  });

  it('fails on a breaking change the section does not list, naming its coordinate', async () => {
    const section = changelogSection(changelog('- `Mutation.restoreMailSession.version` moved into the input.'));
    const report = await checkSchemaChanges(RELEASED, CURRENT, section);
    expect(report.unlisted.map((change) => change.coordinate).sort()).toEqual([
      'Mutation.restoreMailSession.expectedVersion',
      'Mutation.restoreMailSession.input',
    ]);
    expect(report.unlisted[0]?.message).toEqual(expect.any(String));
  });

  it('does not count a coordinate written without backticks or listed under an older release', async () => {
    const section = changelogSection(
      changelog('- Mutation.restoreMailSession.version and Mutation.restoreMailSession.input changed; `Mutation.restoreMailSession.input`'),
    );
    const report = await checkSchemaChanges(RELEASED, CURRENT, section);
    expect(report.unlisted.map((change) => change.coordinate).sort()).toEqual([
      'Mutation.restoreMailSession.expectedVersion',
      'Mutation.restoreMailSession.version',
    ]);
  });

  it("counts a field's coordinate as listing the changes to its arguments", async () => {
    const section = changelogSection(changelog('- **`Mutation.restoreMailSession`** takes one `input`.'));
    const report = await checkSchemaChanges(RELEASED, CURRENT, section);
    expect(report.unlisted).toEqual([]);
    expect(report.listed).toHaveLength(3);
  });

  it("does not count a type's coordinate as listing changes to its fields", async () => {
    const withoutHost = CURRENT.replace('  host: String\n', '');
    const report = await checkSchemaChanges(RELEASED, withoutHost, changelogSection(changelog('- `MailSession` and `Mutation.restoreMailSession` changed.')));
    expect(report.unlisted.map((change) => change.coordinate)).toEqual(['MailSession.host']);
  });

  it('fails on every breaking change when there is no Unreleased section', async () => {
    const report = await checkSchemaChanges(RELEASED, CURRENT, changelogSection('# Changelog\n\n## 0.1.0\n\n- `Mutation.restoreMailSession.version`\n'));
    expect(report.unlisted).toHaveLength(3);
    expect(report.listed).toEqual([]);
  });

  it('reports dangerous changes, such as a new enum value, without failing on them', async () => {
    const report = await checkSchemaChanges(RELEASED, CURRENT, '');
    expect(report.dangerous).toEqual([{ coordinate: 'MailProtocol.JMAP', message: expect.stringContaining('JMAP') }]);
    expect(report.unlisted.map((change) => change.coordinate)).not.toContain('MailProtocol.JMAP');
  });

  it('finds nothing to list between a schema and itself', async () => {
    const report = await checkSchemaChanges(CURRENT, CURRENT, '');
    expect(report).toEqual({ listed: [], unlisted: [], dangerous: [] });
  });
});

describe('the released schema to compare with', () => {
  it('is the newest schema/vX.Y.Z.graphql by version number, not by name', () => {
    expect(newestRelease(['v0.9.0.graphql', 'v0.10.0.graphql', 'v0.2.1.graphql', 'README.md', 'v1.0.graphql'])).toEqual({
      version: '0.10.0',
      fileName: 'v0.10.0.graphql',
    });
    expect(newestRelease(['v1.0.0.graphql', 'v0.99.99.graphql'])?.version).toBe('1.0.0');
  });

  it('is absent when schema/ holds no release', () => {
    expect(newestRelease(['notes.txt'])).toBeUndefined();
  });
});
