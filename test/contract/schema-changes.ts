/**
 * The rule that keeps the schema from breaking silently: every breaking change between the last
 * release's schema (the newest schema/vX.Y.Z.graphql) and schema.graphql is listed in CHANGELOG.md,
 * in the section of the coming release ("## Unreleased"), by its schema coordinate in backticks.
 * The coordinate is graphql-inspector's `change.path`: `Type` for a type, `Type.field` for a field
 * or an input field, `Type.field.argument` for an argument, `Enum.VALUE` for an enum value, `@directive`
 * for a directive (a change without a path, such as a new root type, is named by its change type).
 * A field's coordinate also lists the changes to its arguments (`Mutation.sendTestEmail` covers
 * `Mutation.sendTestEmail.to`): an entry about a mutation's new arguments names the mutation. A
 * type's coordinate lists only the type itself, not its fields: `MailSession` in passing must not
 * hide a removed `MailSession.host`.
 */
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/** A released schema file under schema/. */
export interface ReleaseSchema {
  version: string;
  fileName: string;
}

/** One change of the schema, named by its coordinate, with graphql-inspector's explanation. */
export interface SchemaChange {
  coordinate: string;
  message: string;
}

export interface SchemaChangeReport {
  /** Breaking changes whose coordinate the CHANGELOG section lists. */
  listed: SchemaChange[];
  /** Breaking changes whose coordinate it does not list: the check fails on any. */
  unlisted: SchemaChange[];
  /** Changes that can break some clients (a new enum value, a changed default): reported, not enforced. */
  dangerous: SchemaChange[];
}

const RELEASE_FILE = /^v(\d+)\.(\d+)\.(\d+)\.graphql$/;

/** The newest release among schema/'s file names, compared by version number (v0.10.0 after v0.9.0). */
export function newestRelease(fileNames: readonly string[]): ReleaseSchema | undefined {
  let newest: { release: ReleaseSchema; parts: number[] } | undefined;
  for (const fileName of fileNames) {
    const match = RELEASE_FILE.exec(fileName);
    if (!match) continue;
    const parts = match.slice(1).map(Number);
    const newer = newest === undefined || compareVersions(parts, newest.parts) > 0;
    if (newer) newest = { release: { version: parts.join('.'), fileName }, parts };
  }
  return newest?.release;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The lines under `## <heading>` up to the next `## ` heading; empty when there is no such section. */
export function changelogSection(changelog: string, heading = 'Unreleased'): string {
  const lines = changelog.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start === -1) return '';
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n');
}

/** Every text in single backticks of a Markdown section. */
export function backtickedTexts(section: string): Set<string> {
  return new Set(Array.from(section.matchAll(/`([^`\n]+)`/g), (match) => match[1] ?? ''));
}

function coordinateOf(change: Change): string {
  // Change's type parameter defaults to `any`: name the field's type as ChangeType's values are.
  const type: string = change.type;
  return change.path ?? type;
}

function byCoordinate(changes: readonly Change[]): SchemaChange[] {
  return changes.map((change) => ({ coordinate: coordinateOf(change), message: change.message }));
}

/** Whether the section lists a change: its coordinate, or for an argument (`Type.field.argument`) its field's. */
export function isListed(coordinate: string, listedTexts: ReadonlySet<string>): boolean {
  if (listedTexts.has(coordinate)) return true;
  const parts = coordinate.split('.');
  return parts.length === 3 && listedTexts.has(parts.slice(0, 2).join('.'));
}

/** Compares two schemas (SDL) and sorts the breaking changes by whether the CHANGELOG section lists them. */
export async function checkSchemaChanges(releasedSdl: string, currentSdl: string, changelogSectionText: string): Promise<SchemaChangeReport> {
  const changes = await diff(buildSchema(releasedSdl), buildSchema(currentSdl));
  const listedTexts = backtickedTexts(changelogSectionText);
  const breaking = byCoordinate(changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking));
  return {
    listed: breaking.filter((change) => isListed(change.coordinate, listedTexts)),
    unlisted: breaking.filter((change) => !isListed(change.coordinate, listedTexts)),
    dangerous: byCoordinate(changes.filter((change) => change.criticality.level === CriticalityLevel.Dangerous)),
  };
}

/** One line per change, as the CHANGELOG wants them named. */
export function describeChanges(changes: readonly SchemaChange[]): string {
  return changes.map((change) => `- \`${change.coordinate}\`: ${change.message}`).join('\n');
}
