/**
 * The OAuth 2.0 part of an update: presets, the plain fields, the write-only secrets with their
 * re-entry rule, and the rules that span fields. Called by planUpdate (mail-session.update.ts).
 */
import type { MailAuthentication, OAuth2Grant } from '../oauth2/oauth2-client.js';
import { BadUserInputError } from '../platform/errors/domain-errors.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import type { IncomingServerInput, MailSessionCandidateInput, OutgoingServerInput } from './mail-session.input.js';
import {
  authenticationColumn,
  OAUTH2_SECRET_FIELDS,
  oauth2Column,
  oauth2SecretContext,
  type OAuth2SecretField,
  type Side,
} from './mail-session.oauth2-columns.js';
import type { OAuth2ClientInput } from './mail-session.oauth2.input.js';
import { isHttpsUrl } from './mail-session.oauth2.input.js';
import { oauth2Preset } from './mail-session.oauth2.presets.js';
import type { MailSessionChanges, StoredMailSession } from './mail-session.row.js';

type ServerInput = IncomingServerInput | OutgoingServerInput;

/** The OAuth 2.0 fields whose change would send the stored secrets somewhere else (re-entry rule). */
const TOKEN_BOUND = ['tokenUrl', 'clientId', 'grant', 'scope'] as const;

/** The plain OAuth 2.0 fields an input may change, in the order changes are recorded. */
const PLAIN = ['grant', 'tokenUrl', 'clientId', 'scope', 'serviceAccountEmail'] as const;

/** The secrets each grant sends to the token endpoint; the first is required. */
const GRANT_SECRETS: Record<OAuth2Grant, readonly OAuth2SecretField[]> = {
  CLIENT_CREDENTIALS: ['clientSecret'],
  REFRESH_TOKEN: ['refreshToken', 'clientSecret'],
  JWT_BEARER: ['privateKey'],
};

/**
 * The input with each server's `oauth2.preset` expanded: the token URL, scope and grant, the
 * server's host, port and security, and authentication OAUTH2, wherever the input leaves them
 * out. The preset's values are then planned (and checked) as if given.
 */
export function withPresets<T extends MailSessionCandidateInput>(input: T, current: StoredMailSession): T {
  let expanded = input;
  for (const side of ['incoming', 'outgoing'] as const) {
    const server = input[side];
    const name = server?.oauth2?.preset;
    if (!server?.oauth2 || !name) continue;
    const preset = oauth2Preset(name, server.oauth2.tenantId ?? undefined);
    const givenProtocol = input.incoming?.protocol;
    // null: the default protocol, POP3 (as planUpdate reads it).
    const incomingProtocol = givenProtocol === null ? 'POP3' : (givenProtocol ?? current.incomingProtocol);
    const protocol = side === 'incoming' ? incomingProtocol : undefined;
    const endpoint = protocol === undefined ? preset.outgoing : preset.incoming[protocol];
    const oauth2: OAuth2ClientInput = Object.assign(Object.create(Object.getPrototypeOf(server.oauth2) as object) as OAuth2ClientInput, server.oauth2, {
      tokenUrl: server.oauth2.tokenUrl === undefined && (name !== 'MICROSOFT_365' || server.oauth2.tenantId) ? preset.tokenUrl : server.oauth2.tokenUrl,
      scope: server.oauth2.scope === undefined ? preset.scope : server.oauth2.scope,
      grant: server.oauth2.grant === undefined && current[oauth2Column(side, 'grant')] === null ? preset.grant : server.oauth2.grant,
    });
    const next: ServerInput = Object.assign(Object.create(Object.getPrototypeOf(server) as object) as ServerInput, server, {
      oauth2,
      authentication: server.authentication === undefined ? 'OAUTH2' : server.authentication,
      host: server.host === undefined ? endpoint?.host : server.host,
      port: server.port === undefined ? endpoint?.port : server.port,
      security: server.security === undefined ? endpoint?.security : server.security,
    });
    expanded = Object.assign(Object.create(Object.getPrototypeOf(expanded) as object) as T, expanded, { [side]: next });
  }
  return expanded;
}

/** The authentication the input leaves in force. */
export function nextAuthentication(side: Side, server: ServerInput | null | undefined, current: StoredMailSession): MailAuthentication {
  if (server?.authentication === null) return 'PASSWORD';
  return server?.authentication ?? current[authenticationColumn(side)];
}

/** `${side}.authentication` when the input changes it; empty otherwise. */
export function authenticationChange(side: Side, server: ServerInput | null | undefined, current: StoredMailSession): string[] {
  return nextAuthentication(side, server, current) === current[authenticationColumn(side)] ? [] : [`${side}.authentication`];
}

/** The token-bound OAuth 2.0 fields (token URL, client id, grant, scope) the input changes, as input paths. */
export function tokenFieldChanges(side: Side, server: ServerInput | null | undefined, current: StoredMailSession): string[] {
  const oauth2 = server?.oauth2;
  if (!oauth2) return [];
  return TOKEN_BOUND.filter((field) => oauth2[field] !== undefined && oauth2[field] !== current[oauth2Column(side, field)]).map(
    (field) => `${side}.oauth2.${field}`,
  );
}

/** Plans the authentication and the plain OAuth 2.0 fields of one server; pushes changed input paths to `changed`. */
export function planOAuth2Fields(side: Side, server: ServerInput, current: StoredMailSession, data: MailSessionChanges, changed: string[]): void {
  const authentication = nextAuthentication(side, server, current);
  if (authentication !== current[authenticationColumn(side)]) {
    Object.assign(data, { [authenticationColumn(side)]: authentication });
    changed.push(`${side}.authentication`);
  }
  const oauth2 = server.oauth2;
  if (!oauth2) return;
  for (const field of PLAIN) {
    const value = field === 'tokenUrl' || field === 'clientId' || field === 'scope' ? oauth2[field]?.trim() : oauth2[field];
    const next = oauth2[field] === null ? null : value;
    if (next === undefined || next === current[oauth2Column(side, field)]) continue;
    Object.assign(data, { [oauth2Column(side, field)]: next });
    changed.push(`${side}.oauth2.${field}`);
  }
}

/** A column's value once `data` is applied to `current`. */
function after<K extends keyof StoredMailSession>(column: K, current: StoredMailSession, data: MailSessionChanges): StoredMailSession[K] {
  return (Object.hasOwn(data, column) ? (data as Record<string, unknown>)[column] : current[column]) as StoredMailSession[K];
}

/**
 * Plans the three secrets of one server's OAuth 2.0 client: replaced, removed, or kept. Kept is
 * refused, for each secret the grant in force sends to the token endpoint, while `moved` names
 * changes that would send it elsewhere (token URL, client, grant, scope, or the server, its user
 * or its authentication): otherwise anyone who may edit settings could point a stored secret at a
 * token endpoint of their own. Runs after planOAuth2Fields and the server's fields.
 */
export function planOAuth2Secrets(
  side: Side,
  server: ServerInput | undefined,
  current: StoredMailSession,
  box: SecretBox,
  moved: readonly string[],
  data: MailSessionChanges,
  changed: string[],
): BadUserInputError[] {
  const problems: BadUserInputError[] = [];
  const oauth2 = server?.oauth2 ?? undefined;
  const inForce = after(authenticationColumn(side), current, data) === 'OAUTH2';
  const grant = after(oauth2Column(side, 'grant'), current, data);
  const sent = inForce && grant !== null ? GRANT_SECRETS[grant] : [];
  for (const field of OAUTH2_SECRET_FIELDS) {
    const column = oauth2Column(side, field);
    const given = oauth2?.[field];
    if (typeof given === 'string') {
      Object.assign(data, { [column]: box.encrypt(given, oauth2SecretContext(side, field)) });
      changed.push(`${side}.oauth2.${field}`);
    } else if (given === null) {
      if (current[column] !== null) {
        Object.assign(data, { [column]: null });
        changed.push(`${side}.oauth2.${field}`);
      }
    } else if (current[column] !== null && moved.length > 0 && sent.includes(field)) {
      problems.push(
        new BadUserInputError(
          `changing ${moved.join(', ')} requires ${side}.oauth2.${field} to be given again (or null to remove it): it decides where the stored ${field} is sent`,
          { field: `${side}.oauth2.${field}`, changedFields: [...moved] },
        ),
      );
    }
  }
  return problems;
}

/**
 * The rules that span fields of a server that signs in with OAUTH2, on the settings as they
 * would be stored: a user, a complete client with an https token URL, and the secret its grant
 * needs. Nothing for a PASSWORD server.
 */
export function oauth2Problems(side: Side, server: ServerInput | undefined, current: StoredMailSession, data: MailSessionChanges): BadUserInputError[] {
  if (after(authenticationColumn(side), current, data) !== 'OAUTH2') return [];
  const problems: BadUserInputError[] = [];
  const refuse = (field: string, message: string) => problems.push(new BadUserInputError(`${side}.${field}: ${message}`, { field: `${side}.${field}` }));
  const userColumn = side === 'incoming' ? 'incomingUser' : 'outgoingUser';
  if (after(userColumn, current, data) === null) refuse('user', 'OAUTH2 signs in as a mailbox: give the user');
  if (server?.oauth2?.preset === 'MICROSOFT_365' && !server.oauth2.tenantId && server.oauth2.tokenUrl === undefined) {
    refuse('oauth2.tenantId', 'the MICROSOFT_365 preset needs the tenant id (or a tokenUrl)');
  }
  const grant = after(oauth2Column(side, 'grant'), current, data);
  const tokenUrl = after(oauth2Column(side, 'tokenUrl'), current, data);
  if (grant === null) refuse('oauth2.grant', 'OAUTH2 needs a grant');
  if (tokenUrl === null) {
    if (!problems.some((problem) => problem.message.includes('tenantId'))) refuse('oauth2.tokenUrl', 'OAUTH2 needs a token URL');
  } else if (!isHttpsUrl(tokenUrl)) refuse('oauth2.tokenUrl', 'the token URL must be an https URL without user name or password');
  if (after(oauth2Column(side, 'clientId'), current, data) === null) refuse('oauth2.clientId', 'OAUTH2 needs a client id');
  if (grant !== null) {
    const required = GRANT_SECRETS[grant][0];
    if (required !== undefined && after(oauth2Column(side, required), current, data) === null) {
      refuse(`oauth2.${required}`, `the ${grant} grant needs a ${required}: give it (it is stored encrypted and never returned)`);
    }
    if (grant === 'JWT_BEARER' && after(oauth2Column(side, 'serviceAccountEmail'), current, data) === null) {
      refuse('oauth2.serviceAccountEmail', "the JWT_BEARER grant needs the service account's e-mail");
    }
  }
  return problems;
}
