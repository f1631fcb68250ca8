/** The settings row as PostgreSQL stores it, and the decoders of its columns. Imports no GraphQL, transport or source. */

import type { MailSession as MailSessionRow } from '../generated/prisma/client.js';
import type { MailProperty } from '../javamail/mail-properties.js';
import { EMPTY_OAUTH2_COLUMNS } from './mail-session.oauth2-columns.js';

/** The id of the settings row: the table holds exactly one row. */
export const SETTINGS_ID = 1;

/** The settings row as stored: passwords are ciphertext. */
export type StoredMailSession = MailSessionRow;

/** The columns a change may write (everything but id, version and the audit columns). */
export type MailSessionChanges = Partial<
  Omit<StoredMailSession, 'id' | 'version' | 'updatedAt' | 'updatedBy' | 'additionalProperties'> & { additionalProperties: MailProperty[] }
>;

/** What a change computes from the locked current row; `null` when it changes nothing. */
export interface PlannedChange {
  data: MailSessionChanges;
  /** Input paths that changed, e.g. `outgoing.password`; never values. */
  changedFields: string[];
}

/** A change's columns as they are written: additional properties as plain `{ key, value }` JSON. */
export function storedColumns(data: MailSessionChanges) {
  const { additionalProperties, ...columns } = data;
  return { ...columns, ...(additionalProperties && { additionalProperties: additionalProperties.map(({ key, value }) => ({ key, value })) }) };
}

/** Secret contexts: the AAD each stored password is bound to. */
export const OUTGOING_PASSWORD = 'outgoing.password';
export const INCOMING_PASSWORD = 'incoming.password';

/** The stored list of additional properties, as written by the service. */
export function storedProperties(row: StoredMailSession): MailProperty[] {
  const value = row.additionalProperties;
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    item && typeof item === 'object' && !Array.isArray(item) && typeof item.key === 'string' && typeof item.value === 'string'
      ? [{ key: item.key, value: item.value }]
      : [],
  );
}

/** The settings row as the first migration creates it (nothing configured, version 0): what version 1 changed from. */
export function initialRow(): StoredMailSession {
  return {
    id: SETTINGS_ID,
    version: 0,
    incomingProtocol: 'POP3',
    incomingHost: null,
    incomingPort: 110,
    incomingSecurity: 'NONE',
    incomingUser: null,
    incomingPassword: null,
    incomingDeleteAfterFetch: true,
    outgoingHost: null,
    outgoingPort: 25,
    outgoingSecurity: 'NONE',
    outgoingUser: null,
    outgoingPassword: null,
    additionalProperties: [],
    defaultSenderName: null,
    defaultSenderAddress: null,
    ...EMPTY_OAUTH2_COLUMNS,
    updatedAt: new Date(0),
    updatedBy: null,
  };
}
