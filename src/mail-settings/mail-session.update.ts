import { BadUserInputError, ConflictError } from '../platform/errors/domain-errors.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD, storedProperties } from './mail-session.row.js';
import { passwordGuardedBy } from '../javamail/mail-properties.keys.js';
import { parseMailProperties } from '../javamail/mail-properties.js';
import { DEFAULT_DELETE_AFTER_FETCH, DEFAULT_PROTOCOL, DEFAULT_SECURITY, defaultPort } from './mail-session.defaults.js';
import type { IncomingServerInput, MailSessionCandidateInput, OutgoingServerInput } from './mail-session.input.js';
import type { MailProperty, MailProtocol } from './mail-session.model.js';
import type { MailSessionChanges, PlannedChange, StoredMailSession } from './mail-session.row.js';

type Side = 'incoming' | 'outgoing';

/** What planUpdate applies: candidate settings, with the optimistic-lock version of an update. */
export type MailSessionChange = MailSessionCandidateInput & { expectedVersion?: number | null };

/** Fields whose change would redirect stored credentials to another server or account. */
const CREDENTIAL_BOUND = ['host', 'port', 'security', 'user'] as const;

const COLUMNS = {
  incoming: { host: 'incomingHost', port: 'incomingPort', security: 'incomingSecurity', user: 'incomingUser', password: 'incomingPassword' },
  outgoing: { host: 'outgoingHost', port: 'outgoingPort', security: 'outgoingSecurity', user: 'outgoingUser', password: 'outgoingPassword' },
} as const;

/** The incoming protocol the input sets (`null`: the default); undefined: left out. */
function nextProtocol(incoming: IncomingServerInput | null | undefined): MailProtocol | undefined {
  if (incoming?.protocol === null) return DEFAULT_PROTOCOL;
  return incoming?.protocol;
}

/**
 * The credential-bound values the input gives for one server, `null` resolved to what it means:
 * no host or user, the default security, the default port of the protocol and security mode the
 * change leaves in force. Undefined: left out.
 */
function nextServerValues(side: Side, input: IncomingServerInput | OutgoingServerInput, current: StoredMailSession) {
  const security = input.security === null ? DEFAULT_SECURITY : input.security;
  const protocol = side === 'incoming' ? (nextProtocol(input) ?? current.incomingProtocol) : 'SMTP';
  const port = input.port === null ? defaultPort(protocol, security ?? current[COLUMNS[side].security]) : input.port;
  return { host: input.host === null ? null : input.host?.trim(), port, security, user: input.user };
}

/** The list as it would be stored: keys and values trimmed. */
function normalizedProperties(properties: readonly MailProperty[] | null): MailProperty[] {
  return (properties ?? []).map(({ key, value }) => ({ key: key.trim(), value: value.trim() }));
}

/** The password-guarding keys of `side` that are added, removed or given another value. */
function guardedPropertyChanges(side: Side, before: readonly MailProperty[], after: readonly MailProperty[]): string[] {
  const values = (list: readonly MailProperty[]) => new Map(list.filter(({ key }) => passwordGuardedBy(key) === side).map(({ key, value }) => [key, value]));
  const old = values(before);
  const next = values(after);
  return [...new Set([...old.keys(), ...next.keys()])].filter((key) => old.get(key) !== next.get(key));
}

/**
 * What the input changes that decides where or how the stored password of `side` is sent: the
 * server's host, port, security and user, the incoming protocol, and the properties the table
 * marks `guardsPassword` (TLS trust, host name check, TLS versions, SASL mechanism). Input paths
 * and property keys, in that order; empty when the stored password may be kept.
 */
export function credentialChanges(side: Side, input: MailSessionChange, current: StoredMailSession): string[] {
  const changes: string[] = [];
  const server = input[side];
  if (server) {
    const columns = COLUMNS[side];
    const next = nextServerValues(side, server, current);
    for (const field of CREDENTIAL_BOUND) {
      const value = next[field];
      if (value !== undefined && value !== current[columns[field]]) changes.push(`${side}.${field}`);
    }
  }
  const protocol = side === 'incoming' ? nextProtocol(input.incoming) : undefined;
  if (protocol !== undefined && protocol !== current.incomingProtocol) changes.push('incoming.protocol');
  if (input.additionalProperties !== undefined) {
    changes.push(...guardedPropertyChanges(side, storedProperties(current), normalizedProperties(input.additionalProperties)));
  }
  return changes;
}

/** Plans one server's credential-bound fields; pushes changed input paths to `changed`. */
function planServer(
  side: Side,
  input: IncomingServerInput | OutgoingServerInput,
  current: StoredMailSession,
  data: MailSessionChanges,
  changed: string[],
): void {
  const columns = COLUMNS[side];
  const next = nextServerValues(side, input, current);
  for (const field of CREDENTIAL_BOUND) {
    const value = next[field];
    if (value === undefined || value === current[columns[field]]) continue;
    Object.assign(data, { [columns[field]]: value });
    changed.push(`${side}.${field}`);
  }
}

/**
 * Plans one server's password: replaced, removed, or kept. Kept is refused while `moved` names
 * changes that would send the stored password somewhere else or in another way.
 */
function planPassword(
  side: Side,
  input: IncomingServerInput | OutgoingServerInput | undefined,
  current: StoredMailSession,
  box: SecretBox,
  moved: readonly string[],
  data: MailSessionChanges,
  changed: string[],
): void {
  const column = COLUMNS[side].password;
  // null is "left out": a form's empty password field must not remove the stored one (clearPassword does).
  const password = input?.password ?? undefined;
  if (password !== undefined && input?.clearPassword) {
    throw new BadUserInputError(`give either ${side}.password or ${side}.clearPassword, not both`, { field: `${side}.clearPassword` });
  }
  const context = side === 'incoming' ? INCOMING_PASSWORD : OUTGOING_PASSWORD;
  const storedPassword = current[column];
  if (password !== undefined) {
    Object.assign(data, { [column]: box.encrypt(password, context) });
    changed.push(`${side}.password`);
  } else if (input?.clearPassword) {
    if (storedPassword !== null) {
      Object.assign(data, { [column]: null });
      changed.push(`${side}.password`);
    }
  } else if (storedPassword !== null && moved.length > 0) {
    // Otherwise an editor could point the stored credentials at a server of their own, or have
    // them sent past an unverified certificate or in clear.
    throw new BadUserInputError(
      `changing ${moved.join(', ')} requires ${side}.password to be given again (or ${side}.clearPassword: true): it decides where or how the stored password is sent`,
      { field: `${side}.password`, changedFields: [...moved] },
    );
  }
}

/**
 * Computes the change an update makes to the current (locked) row, or null when it changes
 * nothing. Throws CONFLICT on a stale `expectedVersion` and BAD_USER_INPUT for rules that span
 * fields; single-field rules were checked at the edge.
 */
export function planUpdate(input: MailSessionChange, current: StoredMailSession, box: SecretBox): PlannedChange | null {
  if (input.expectedVersion !== undefined && input.expectedVersion !== null && input.expectedVersion !== current.version) {
    throw new ConflictError(`the settings are at version ${current.version}, not ${input.expectedVersion}: reload them and apply your change again`, {
      currentVersion: current.version,
      expectedVersion: input.expectedVersion,
    });
  }
  const data: MailSessionChanges = {};
  const changed: string[] = [];
  // incoming, outgoing or defaultSender null: left out, as the inputs' descriptions say.
  if (input.incoming) {
    planServer('incoming', input.incoming, current, data, changed);
    const protocol = nextProtocol(input.incoming);
    if (protocol !== undefined && protocol !== current.incomingProtocol) {
      data.incomingProtocol = protocol;
      changed.push('incoming.protocol');
    }
    const deleteAfterFetch = input.incoming.deleteAfterFetch === null ? DEFAULT_DELETE_AFTER_FETCH : input.incoming.deleteAfterFetch;
    if (deleteAfterFetch !== undefined && deleteAfterFetch !== current.incomingDeleteAfterFetch) {
      data.incomingDeleteAfterFetch = deleteAfterFetch;
      changed.push('incoming.deleteAfterFetch');
    }
  }
  if (input.outgoing) planServer('outgoing', input.outgoing, current, data, changed);
  if (input.additionalProperties !== undefined) {
    const properties = normalizedProperties(input.additionalProperties);
    parseMailProperties(properties);
    if (JSON.stringify(properties) !== JSON.stringify(storedProperties(current))) {
      data.additionalProperties = properties;
      changed.push('additionalProperties');
    }
  }
  for (const side of ['incoming', 'outgoing'] as const) {
    planPassword(side, input[side] ?? undefined, current, box, credentialChanges(side, input, current), data, changed);
  }
  if (input.defaultSender) {
    const { name, address } = input.defaultSender;
    if (name !== undefined && name !== current.defaultSenderName) {
      data.defaultSenderName = name;
      changed.push('defaultSender.name');
    }
    if (address !== undefined && address !== current.defaultSenderAddress) {
      data.defaultSenderAddress = address;
      changed.push('defaultSender.address');
    }
  }
  return changed.length === 0 ? null : { data, changedFields: changed };
}
