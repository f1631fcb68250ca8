import { ConflictError } from '../platform/errors/domain-errors.js';
import type { StoredMailSession, MailSessionChanges, PlannedChange } from '../mail-settings/mail-session.row.js';
import { SETTINGS_ID, storedProperties } from '../mail-settings/mail-session.row.js';
import type { StoredRevision } from './mail-session-history.repository.js';
import { EMPTY_OAUTH2_COLUMNS } from '../mail-settings/mail-session.oauth2-columns.js';

/** The settings columns a revision's snapshot restores, by input path. */
const RESTORED_COLUMNS = {
  'incoming.protocol': 'incomingProtocol',
  'incoming.host': 'incomingHost',
  'incoming.port': 'incomingPort',
  'incoming.security': 'incomingSecurity',
  'incoming.user': 'incomingUser',
  'incoming.password': 'incomingPassword',
  'incoming.deleteAfterFetch': 'incomingDeleteAfterFetch',
  'incoming.authentication': 'incomingAuthentication',
  'incoming.oauth2.grant': 'incomingOAuth2Grant',
  'incoming.oauth2.tokenUrl': 'incomingOAuth2TokenUrl',
  'incoming.oauth2.clientId': 'incomingOAuth2ClientId',
  'incoming.oauth2.scope': 'incomingOAuth2Scope',
  'incoming.oauth2.serviceAccountEmail': 'incomingOAuth2ServiceAccountEmail',
  'incoming.oauth2.clientSecret': 'incomingOAuth2ClientSecret',
  'incoming.oauth2.refreshToken': 'incomingOAuth2RefreshToken',
  'incoming.oauth2.privateKey': 'incomingOAuth2PrivateKey',
  'outgoing.host': 'outgoingHost',
  'outgoing.port': 'outgoingPort',
  'outgoing.security': 'outgoingSecurity',
  'outgoing.user': 'outgoingUser',
  'outgoing.password': 'outgoingPassword',
  'outgoing.authentication': 'outgoingAuthentication',
  'outgoing.oauth2.grant': 'outgoingOAuth2Grant',
  'outgoing.oauth2.tokenUrl': 'outgoingOAuth2TokenUrl',
  'outgoing.oauth2.clientId': 'outgoingOAuth2ClientId',
  'outgoing.oauth2.scope': 'outgoingOAuth2Scope',
  'outgoing.oauth2.serviceAccountEmail': 'outgoingOAuth2ServiceAccountEmail',
  'outgoing.oauth2.clientSecret': 'outgoingOAuth2ClientSecret',
  'outgoing.oauth2.refreshToken': 'outgoingOAuth2RefreshToken',
  'outgoing.oauth2.privateKey': 'outgoingOAuth2PrivateKey',
  additionalProperties: 'additionalProperties',
  'defaultSender.name': 'defaultSenderName',
  'defaultSender.address': 'defaultSenderAddress',
} as const satisfies Record<string, keyof StoredMailSession>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The settings row a revision recorded (passwords still encrypted, as stored). Throws when the
 * snapshot is not what MailSessionRepository writes: a damaged row is not restored half-way.
 */
export function snapshotRow(revision: StoredRevision): StoredMailSession {
  const snapshot = revision.snapshot;
  if (!isRecord(snapshot)) throw new Error(`the snapshot of version ${revision.version} is not an object`);
  const row: Record<string, unknown> = { id: SETTINGS_ID, version: revision.version, updatedAt: revision.changedAt, updatedBy: revision.changedBy };
  const expect = (column: string, ok: (value: unknown) => boolean) => {
    const value = snapshot[column];
    if (!ok(value)) throw new Error(`the snapshot of version ${revision.version} has no valid ${column}`);
    row[column] = value;
  };
  const text = (value: unknown) => value === null || typeof value === 'string';
  expect('incomingProtocol', (v) => v === 'POP3' || v === 'IMAP');
  for (const side of ['incoming', 'outgoing']) {
    expect(`${side}Host`, text);
    expect(`${side}Port`, (v) => Number.isInteger(v));
    expect(`${side}Security`, (v) => ['NONE', 'STARTTLS_OPTIONAL', 'STARTTLS', 'TLS'].includes(String(v)));
    expect(`${side}User`, text);
    expect(`${side}Password`, text);
  }
  expect('incomingDeleteAfterFetch', (v) => typeof v === 'boolean');
  // Snapshots written before OAuth 2.0 (issue 15) have none of its columns: a server then signed in with its password.
  for (const [column, empty] of Object.entries(EMPTY_OAUTH2_COLUMNS)) {
    const ok = column.endsWith('Authentication')
      ? (v: unknown) => v === 'PASSWORD' || v === 'OAUTH2'
      : column.endsWith('OAuth2Grant')
        ? (v: unknown) => v === null || v === 'CLIENT_CREDENTIALS' || v === 'REFRESH_TOKEN' || v === 'JWT_BEARER'
        : text;
    if (!Object.hasOwn(snapshot, column)) row[column] = empty;
    else expect(column, ok);
  }
  expect('additionalProperties', (v) => Array.isArray(v) && v.every((p) => isRecord(p) && typeof p.key === 'string' && typeof p.value === 'string'));
  expect('defaultSenderName', text);
  expect('defaultSenderAddress', text);
  return row as StoredMailSession;
}

/**
 * Plans making the current settings equal to a revision's, passwords included (the ciphertext is
 * copied as recorded). Null when they already are. CONFLICT on a stale `expectedVersion`.
 */
export function planRestore(revision: StoredRevision, current: StoredMailSession, expectedVersion: number | null | undefined): PlannedChange | null {
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== current.version) {
    throw new ConflictError(`the settings are at version ${current.version}, not ${expectedVersion}: reload them and restore again`, {
      currentVersion: current.version,
      expectedVersion,
    });
  }
  const target = snapshotRow(revision);
  const data: MailSessionChanges = {};
  const changedFields: string[] = [];
  for (const [field, column] of Object.entries(RESTORED_COLUMNS)) {
    if (column === 'additionalProperties') {
      const properties = storedProperties(target);
      if (JSON.stringify(properties) === JSON.stringify(storedProperties(current))) continue;
      data.additionalProperties = properties;
    } else {
      if (target[column] === current[column]) continue;
      Object.assign(data, { [column]: target[column] });
    }
    changedFields.push(field);
  }
  return changedFields.length === 0 ? null : { data, changedFields };
}
