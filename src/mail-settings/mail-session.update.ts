import { BadUserInputError, ConflictError } from '../platform/errors/domain-errors.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD, storedProperties } from './mail-session.row.js';
import { passwordGuardedBy } from '../javamail/mail-properties.keys.js';
import { parseMailProperties } from '../javamail/mail-properties.js';
import { inputRules } from '../platform/graphql/validation-errors.js';
import { DEFAULT_DELETE_AFTER_FETCH, DEFAULT_PROTOCOL, DEFAULT_SECURITY, defaultPort } from './mail-session.defaults.js';
import { UpdateMailSessionInput, type IncomingServerInput, type MailSessionCandidateInput, type OutgoingServerInput } from './mail-session.input.js';
import type { MailProperty, MailProtocol } from './mail-session.model.js';
import type { MailAuthentication } from '../oauth2/oauth2-client.js';
import type { MailSessionChanges, PlannedChange, StoredMailSession } from './mail-session.row.js';
import {
  authenticationChange,
  nextAuthentication,
  oauth2Problems,
  planOAuth2Fields,
  planOAuth2Secrets,
  tokenFieldChanges,
  withPresets,
} from './mail-session.oauth2.update.js';

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
 * server's host, port, security and user, the incoming protocol, its authentication (PASSWORD or
 * OAUTH2), and the properties the table marks `guardsPassword` (TLS trust, host name check, TLS
 * versions, SASL mechanism). Input paths and property keys, in that order; empty when the stored
 * password may be kept.
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
  changes.push(...authenticationChange(side, server, current));
  if (input.additionalProperties !== undefined) {
    changes.push(...guardedPropertyChanges(side, storedProperties(current), normalizedProperties(input.additionalProperties)));
  }
  return changes;
}

/**
 * What the input changes that decides where the stored OAuth 2.0 secrets of `side` are sent:
 * the token URL, client id, grant and scope, and the server, its user and its authentication.
 * Input paths; empty when the stored secrets may be kept.
 */
export function tokenCredentialChanges(side: Side, input: MailSessionChange, current: StoredMailSession): string[] {
  const server = credentialChanges(side, input, current).filter((path) => path.startsWith(`${side}.`));
  return [...server, ...tokenFieldChanges(side, input[side], current)];
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
  checkPasswordInput(side, input);
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

/** The password fields of one server on their own: not a password together with clearPassword. */
function checkPasswordInput(side: Side, input: IncomingServerInput | OutgoingServerInput | undefined): void {
  if (typeof input?.password === 'string' && input.clearPassword) {
    throw new BadUserInputError(`give either ${side}.password or ${side}.clearPassword, not both`, { field: `${side}.clearPassword` });
  }
}

/** Runs each rule, keeping the BAD_USER_INPUT refusals it throws, so that all of them can be told at once. */
class Problems {
  constructor(readonly found: BadUserInputError[] = []) {}

  check<T>(rule: () => T): T | undefined {
    try {
      return rule();
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      this.found.push(error);
      return undefined;
    }
  }

  /** Throws one BAD_USER_INPUT listing every problem found (`problems`), if any. */
  throwIfAny(): void {
    const refusal = BadUserInputError.combine(this.found);
    if (refusal) throw refusal;
  }
}

/**
 * The problems an input has on its own, without the stored settings: a password with
 * clearPassword, the additional properties. `planUpdate` checks them too (with the rules that need
 * the stored settings); the edge validation adds them to the class-validator problems, so that
 * one answer lists every problem (see validation-errors.ts).
 */
export function updateInputProblems(
  input: MailSessionCandidateInput,
  outgoingAuthentication: MailAuthentication | undefined = givenAuthentication(input),
): BadUserInputError[] {
  const problems = new Problems();
  for (const side of ['incoming', 'outgoing'] as const) {
    const server = input[side];
    if (server) problems.check(() => checkPasswordInput(side, server));
  }
  if (input.additionalProperties !== undefined) {
    const properties = normalizedProperties(input.additionalProperties);
    problems.check(() => parseMailProperties(properties, undefined, { outgoingAuthentication }));
  }
  return problems.found;
}

/** The outgoing authentication the input sets on its own (`null`: the default, PASSWORD); undefined: left out, so not known without the stored settings. */
function givenAuthentication(input: MailSessionCandidateInput): MailAuthentication | undefined {
  const given = input.outgoing?.authentication;
  return given === null ? 'PASSWORD' : given;
}

/**
 * A switch of the outgoing server back to PASSWORD that leaves the stored properties as they
 * are: refused while they list XOAUTH2 in mail.smtp.auth.mechanisms, which only an OAUTH2
 * server may (the properties are not in the input, so nothing else checks them again).
 */
function storedPropertiesProblems(input: MailSessionChange, current: StoredMailSession): BadUserInputError[] {
  if (input.additionalProperties !== undefined) return [];
  if (current.outgoingAuthentication === 'PASSWORD' || nextAuthentication('outgoing', input.outgoing, current) !== 'PASSWORD') return [];
  try {
    parseMailProperties(storedProperties(current), undefined, { outgoingAuthentication: 'PASSWORD' });
    return [];
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    return [
      new BadUserInputError(
        `outgoing.authentication PASSWORD does not go with the stored additional properties: ${error.message}; change additionalProperties in the same update`,
        { field: 'outgoing.authentication' },
      ),
    ];
  }
}

/** The edge runs the input's own rules with its decorators (see `argumentValidator`). */
export const updateMailSessionInputRules = inputRules(UpdateMailSessionInput, updateInputProblems);

/**
 * Computes the change an update makes to the current (locked) row, or null when it changes
 * nothing. Throws CONFLICT on a stale `expectedVersion`, and one BAD_USER_INPUT listing every
 * problem of the input with the rules that span fields (`problems`); single-field rules were
 * checked at the edge.
 */
export function planUpdate(given: MailSessionChange, current: StoredMailSession, box: SecretBox): PlannedChange | null {
  const input = withPresets(given, current);
  if (input.expectedVersion !== undefined && input.expectedVersion !== null && input.expectedVersion !== current.version) {
    throw new ConflictError(`the settings are at version ${current.version}, not ${input.expectedVersion}: reload them and apply your change again`, {
      currentVersion: current.version,
      expectedVersion: input.expectedVersion,
    });
  }
  // The properties are judged by the authentication the update leaves in force (set in the same update, or stored).
  const problems = new Problems([
    ...updateInputProblems(input, nextAuthentication('outgoing', input.outgoing, current)),
    ...storedPropertiesProblems(input, current),
  ]);
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
  for (const side of ['incoming', 'outgoing'] as const) {
    const server = input[side];
    if (server) planOAuth2Fields(side, server, current, data, changed);
  }
  if (input.additionalProperties !== undefined) {
    const properties = normalizedProperties(input.additionalProperties);
    if (JSON.stringify(properties) !== JSON.stringify(storedProperties(current))) {
      data.additionalProperties = properties;
      changed.push('additionalProperties');
    }
  }
  for (const side of ['incoming', 'outgoing'] as const) {
    const server = input[side] ?? undefined;
    // A password given with clearPassword is already among the problems.
    if (typeof server?.password === 'string' && server.clearPassword) continue;
    // A stored password is sent only by a PASSWORD server: while OAUTH2 is in force it may stay (switching back asks for it).
    const passwordMoved = nextAuthentication(side, server, current) === 'PASSWORD' ? credentialChanges(side, input, current) : [];
    problems.check(() => planPassword(side, server, current, box, passwordMoved, data, changed));
    problems.found.push(...planOAuth2Secrets(side, server, current, box, tokenCredentialChanges(side, input, current), data, changed));
    problems.found.push(...oauth2Problems(side, server, current, data));
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
  problems.throwIfAny();
  return changed.length === 0 ? null : { data, changedFields: changed };
}
