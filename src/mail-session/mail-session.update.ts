import { BadUserInputError, ConflictError } from '../errors.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD, storedProperties } from '../transport/transport-factory.js';
import { parseMailProperties } from './mail-properties.js';
import type { IncomingServerInput, OutgoingServerInput, UpdateMailSessionInput } from './mail-session.input.js';
import type { MailSessionChanges, PlannedChange, StoredMailSession } from './mail-session.repository.js';

type Side = 'incoming' | 'outgoing';

/** Fields whose change would redirect stored credentials to another server or account. */
const CREDENTIAL_BOUND = ['host', 'port', 'security', 'user'] as const;

function refuseNull(path: string): never {
  throw new BadUserInputError(`${path} cannot be null; leave it out to keep its value`, { field: path });
}

function required<T>(value: T | null | undefined, path: string): T | undefined {
  if (value === null) refuseNull(path);
  return value;
}

const COLUMNS = {
  incoming: { host: 'incomingHost', port: 'incomingPort', security: 'incomingSecurity', user: 'incomingUser', password: 'incomingPassword' },
  outgoing: { host: 'outgoingHost', port: 'outgoingPort', security: 'outgoingSecurity', user: 'outgoingUser', password: 'outgoingPassword' },
} as const;

/** Plans one server's part of the update; pushes changed input paths to `changed`. */
function planServer(
  side: Side,
  input: IncomingServerInput | OutgoingServerInput,
  current: StoredMailSession,
  box: SecretBox,
  data: MailSessionChanges,
  changed: string[],
): void {
  const columns = COLUMNS[side];
  const next = {
    host: input.host === null ? null : input.host?.trim(),
    port: required(input.port, `${side}.port`),
    security: required(input.security, `${side}.security`),
    user: input.user,
  };
  const movedCredentials: string[] = [];
  for (const field of CREDENTIAL_BOUND) {
    const value = next[field];
    if (value === undefined || value === current[columns[field]]) continue;
    Object.assign(data, { [columns[field]]: value });
    changed.push(`${side}.${field}`);
    movedCredentials.push(`${side}.${field}`);
  }
  if (input.password === null) {
    throw new BadUserInputError(`${side}.password cannot be null; use ${side}.clearPassword to remove it`, { field: `${side}.password` });
  }
  if (input.password !== undefined && input.clearPassword) {
    throw new BadUserInputError(`give either ${side}.password or ${side}.clearPassword, not both`, { field: `${side}.clearPassword` });
  }
  const context = side === 'incoming' ? INCOMING_PASSWORD : OUTGOING_PASSWORD;
  const storedPassword = current[columns.password];
  if (input.password !== undefined) {
    Object.assign(data, { [columns.password]: box.encrypt(input.password, context) });
    changed.push(`${side}.password`);
  } else if (input.clearPassword) {
    if (storedPassword !== null) {
      Object.assign(data, { [columns.password]: null });
      changed.push(`${side}.password`);
    }
  } else if (storedPassword !== null && movedCredentials.length > 0) {
    // Otherwise an editor could point the stored credentials at a server of their own.
    throw new BadUserInputError(
      `changing ${movedCredentials.join(', ')} requires ${side}.password to be given again (or ${side}.clearPassword: true)`,
      { field: `${side}.password`, changedFields: movedCredentials },
    );
  }
}

/**
 * Computes the change an update makes to the current (locked) row, or null when it changes
 * nothing. Throws CONFLICT on a stale `expectedVersion` and BAD_USER_INPUT for rules that span
 * fields; single-field rules were checked at the edge.
 */
export function planUpdate(input: UpdateMailSessionInput, current: StoredMailSession, box: SecretBox): PlannedChange | null {
  if (input.expectedVersion !== undefined && input.expectedVersion !== null && input.expectedVersion !== current.version) {
    throw new ConflictError(
      `the settings are at version ${current.version}, not ${input.expectedVersion}: reload them and apply your change again`,
      { currentVersion: current.version, expectedVersion: input.expectedVersion },
    );
  }
  const data: MailSessionChanges = {};
  const changed: string[] = [];
  if (input.incoming === null) refuseNull('incoming');
  if (input.outgoing === null) refuseNull('outgoing');
  if (input.incoming) {
    planServer('incoming', input.incoming, current, box, data, changed);
    const protocol = required(input.incoming.protocol, 'incoming.protocol');
    if (protocol !== undefined && protocol !== current.incomingProtocol) {
      data.incomingProtocol = protocol;
      changed.push('incoming.protocol');
    }
    const deleteAfterFetch = required(input.incoming.deleteAfterFetch, 'incoming.deleteAfterFetch');
    if (deleteAfterFetch !== undefined && deleteAfterFetch !== current.incomingDeleteAfterFetch) {
      data.incomingDeleteAfterFetch = deleteAfterFetch;
      changed.push('incoming.deleteAfterFetch');
    }
  }
  if (input.outgoing) planServer('outgoing', input.outgoing, current, box, data, changed);
  if (input.additionalProperties !== undefined) {
    const properties = (input.additionalProperties ?? []).map(({ key, value }) => ({ key: key.trim(), value: value.trim() }));
    parseMailProperties(properties);
    if (JSON.stringify(properties) !== JSON.stringify(storedProperties(current))) {
      data.additionalProperties = properties;
      changed.push('additionalProperties');
    }
  }
  if (input.defaultSender === null) refuseNull('defaultSender');
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
