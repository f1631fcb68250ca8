import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { SCHEMA_PATH, schemaDifferences, type Query } from '../support/schema-diff';

/** Runs `ddl` and compares, in one transaction that is rolled back, so every case starts from the migrated database. */
async function differencesAfter(url: string, ddl: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(ddl);
    const query: Query = async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => (await client.query<T>(sql, params)).rows;
    return await schemaDifferences(query);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

describe('the migrated database and schema.prisma', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('agree on tables, columns, types, nullability, defaults, enums, keys and indexes', async () => {
    expect(await schemaDifferences(db.query)).toEqual([]);
  });

  it('are compared with the schema engine that the installed Prisma CLI bundles', async () => {
    // When Prisma is upgraded, pin @prisma/prisma-schema-wasm to the version its @prisma/internals depends on.
    const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/prisma_schema_build_bg.wasm');
    const ours = path.join(path.dirname(require.resolve('@prisma/prisma-schema-wasm')), 'prisma_schema_build_bg.wasm');
    expect(await sha256(ours)).toBe(await sha256(cli));
  });

  it.each([
    [
      'a column is nullable that the schema requires',
      'ALTER TABLE mail_session_revision ALTER COLUMN changed_by DROP NOT NULL',
      'column mail_session_revision.changed_by: is nullable, schema.prisma says NOT NULL',
    ],
    [
      'a list column is NOT NULL',
      'ALTER TABLE mail_session_revision ALTER COLUMN changed_fields SET NOT NULL',
      'column mail_session_revision.changed_fields: is NOT NULL, schema.prisma says nullable',
    ],
    [
      'an @@index is missing',
      'DROP INDEX mail_session_revision_changed_at_idx',
      'index missing from the database: INDEX mail_session_revision_changed_at_idx ON mail_session_revision (changed_at)',
    ],
    [
      'an @unique index is not unique',
      'DROP INDEX mail_session_revision_version_key; CREATE INDEX mail_session_revision_version_key ON mail_session_revision (version)',
      'index not in schema.prisma: INDEX mail_session_revision_version_key ON mail_session_revision (version)',
    ],
    [
      'an index sorts a column the other way',
      'DROP INDEX mail_session_revision_changed_at_idx; CREATE INDEX mail_session_revision_changed_at_idx ON mail_session_revision (changed_at DESC)',
      'index not in schema.prisma: INDEX mail_session_revision_changed_at_idx ON mail_session_revision (changed_at DESC)',
    ],
    [
      'the primary key is missing',
      'ALTER TABLE mail_session_revision DROP CONSTRAINT mail_session_revision_pkey',
      'index missing from the database: PRIMARY KEY mail_session_revision_pkey ON mail_session_revision (id)',
    ],
    ['a table is not in the schema', 'CREATE TABLE stray (id integer)', 'table stray is not in schema.prisma'],
    ['a mapped table is missing', 'DROP TABLE mail_session_revision', 'table mail_session_revision (model MailSessionRevision) is missing from the database'],
    ['a column is not in the schema', 'ALTER TABLE mail_session ADD COLUMN stray text', 'column mail_session.stray is not in schema.prisma'],
    [
      'a column is not named as its @map says',
      'ALTER TABLE mail_session RENAME COLUMN updated_by TO "updatedBy"',
      'column mail_session.updated_by (field MailSession.updatedBy) is missing from the database',
    ],
    [
      'a Timestamptz(3) column has no time zone',
      'ALTER TABLE mail_session ALTER COLUMN updated_at TYPE timestamp(3)',
      'column mail_session.updated_at: type is timestamp(3) without time zone, schema.prisma says timestamp(3) with time zone',
    ],
    [
      'a column has another enum type',
      'ALTER TABLE mail_session ALTER COLUMN incoming_security DROP DEFAULT, ALTER COLUMN incoming_security TYPE text',
      'column mail_session.incoming_security: type is text, schema.prisma says "ConnectionSecurity"',
    ],
    [
      'an enum has a value the schema lacks',
      `ALTER TYPE "MailProtocol" ADD VALUE 'SMTP'`,
      'enum type MailProtocol: values are [POP3, IMAP, SMTP], schema.prisma says [POP3, IMAP]',
    ],
    [
      'an enum lists its values in another order',
      `ALTER TYPE "MailProtocol" ADD VALUE 'SMTP' BEFORE 'POP3'`,
      'enum type MailProtocol: values are [SMTP, POP3, IMAP], schema.prisma says [POP3, IMAP]',
    ],
    [
      'an Int default differs',
      'ALTER TABLE mail_session ALTER COLUMN incoming_port SET DEFAULT 111',
      'column mail_session.incoming_port: has default 111, schema.prisma says a default of 110',
    ],
    [
      'an enum default differs',
      `ALTER TABLE mail_session ALTER COLUMN outgoing_security SET DEFAULT 'TLS'`,
      `column mail_session.outgoing_security: has default 'TLS'::"ConnectionSecurity", schema.prisma says a default of NONE`,
    ],
    [
      'a Json default differs',
      `ALTER TABLE mail_session ALTER COLUMN additional_properties SET DEFAULT '{}'`,
      `column mail_session.additional_properties: has default '{}'::jsonb, schema.prisma says a default of []`,
    ],
    [
      'a now() default is missing',
      'ALTER TABLE mail_session_revision ALTER COLUMN changed_at DROP DEFAULT',
      'column mail_session_revision.changed_at: has no default, schema.prisma says a default (now)',
    ],
    [
      'an autoincrement column has no sequence',
      'ALTER TABLE mail_session_revision ALTER COLUMN id DROP DEFAULT',
      'column mail_session_revision.id: has no default, schema.prisma says a default (autoincrement)',
    ],
    [
      'a column has a default the schema lacks',
      `ALTER TABLE mail_session_revision ALTER COLUMN changed_by SET DEFAULT 'nobody'`,
      `column mail_session_revision.changed_by: has default 'nobody'::text, schema.prisma says no default`,
    ],
  ])('disagree when %s', async (_case, ddl, difference) => {
    expect(await differencesAfter(db.url, ddl)).toContain(difference);
  });

  it('disagree when schema.prisma gains a field and a compound unique that no migration creates', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'schema-diff-'));
    try {
      const schema = (await readFile(SCHEMA_PATH, 'utf8')).replace(
        '@@index([changedAt])',
        'note String? @map("change_note")\n  @@unique([changedBy, changedAt])\n  @@index([changedAt])',
      );
      const changed = path.join(dir, 'schema.prisma');
      await writeFile(changed, schema);
      expect(await schemaDifferences(db.query, changed)).toEqual([
        'column mail_session_revision.change_note (field MailSessionRevision.note) is missing from the database',
        'index missing from the database: UNIQUE INDEX mail_session_revision_changed_by_changed_at_key ON mail_session_revision (changed_by, changed_at)',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
