import { validateSync, type ValidationError } from 'class-validator';
import { BadUserInputError } from '../platform/errors/domain-errors.js';
import { parseMailProperties } from '../javamail/mail-properties.js';
import {
  DefaultSenderInput,
  IncomingServerInput,
  MailPropertyInput,
  OutgoingServerInput,
  UpdateMailSessionInput,
} from '../mail-settings/mail-session.input.js';
import type { ConnectionSecurity, MailProperty, MailProtocol } from '../mail-settings/mail-session.model.js';
import type { MailAuthentication, OAuth2Grant } from '../oauth2/oauth2-client.js';
import { OAuth2ClientInput } from '../mail-settings/mail-session.oauth2.input.js';

/**
 * Mail settings as a configuration source gives them. `undefined`: the source does not say;
 * `null`: the source says "none" (an empty value). Passwords are plain text here and are
 * encrypted before anything is stored.
 */
export interface SourceServer {
  host?: string | null;
  port?: number;
  security?: ConnectionSecurity;
  user?: string | null;
  password?: string | null;
  authentication?: MailAuthentication;
  /** Undefined: the source says nothing about OAuth 2.0 (a Liferay file), and the stored client is left as it is. */
  oauth2?: SourceOAuth2;
}

/** A server's OAuth 2.0 client as a source gives it; `null`: none (secrets: removed). */
export interface SourceOAuth2 {
  grant?: OAuth2Grant | null;
  tokenUrl?: string | null;
  clientId?: string | null;
  scope?: string | null;
  serviceAccountEmail?: string | null;
  clientSecret?: string | null;
  refreshToken?: string | null;
  privateKey?: string | null;
}

export interface SourceSettings {
  incoming: SourceServer & { protocol?: MailProtocol; deleteAfterFetch?: boolean };
  outgoing: SourceServer;
  additionalProperties?: MailProperty[];
  /** `mail.smtp.auth` alone, when the source gives it without the rest of the list (Liferay's `smtp.auth`). */
  smtpAuth?: 'true' | 'false';
  defaultSender: { name?: string | null; address?: string | null };
}

/** A problem with one key of a source; `line` for files. Turned into a start-up or input error by the caller. */
export class SourceProblem extends Error {
  constructor(
    readonly key: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${line === undefined ? '' : `line ${line}: `}${key}: ${problem}`);
    this.name = 'SourceProblem';
  }
}

export function emptySourceSettings(): SourceSettings {
  return { incoming: {}, outgoing: {}, defaultSender: {} };
}

/** Reads a port: a whole number from 1 to 65535. */
export function sourcePort(key: string, raw: string, line?: number): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new SourceProblem(key, `expected a port from 1 to 65535, got "${raw}"`, line);
  }
  return Number(raw);
}

/** Reads a flag the way Java's Boolean.parseBoolean would, but refuses anything other than true/false. */
export function sourceFlag(key: string, raw: string, line?: number): boolean {
  const value = raw.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new SourceProblem(key, `expected true or false, got "${raw}"`, line);
}

/** An empty value means "none". */
export function sourceText(raw: string): string | null {
  return raw === '' ? null : raw;
}

const FULL_DEFAULTS = {
  incoming: { protocol: 'POP3', host: null, port: 110, security: 'NONE', user: null, deleteAfterFetch: true },
  outgoing: { host: null, port: 25, security: 'NONE', user: null },
} as const;

/**
 * The whole settings a source stands for: what it leaves out takes the value a fresh database
 * has (no hosts, POP3 on 110, SMTP on 25, no security, no properties, no sender). Passwords are
 * left to the caller, which compares them with the stored ones.
 */
export function completeSourceSettings(settings: SourceSettings): SourceSettings {
  const auth = settings.smtpAuth === undefined ? [] : [{ key: 'mail.smtp.auth', value: settings.smtpAuth }];
  return {
    incoming: { ...FULL_DEFAULTS.incoming, ...defined(settings.incoming) },
    outgoing: { ...FULL_DEFAULTS.outgoing, ...defined(settings.outgoing) },
    additionalProperties: settings.additionalProperties ?? auth,
    defaultSender: { name: null, address: null, ...defined(settings.defaultSender) },
  };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A source's server as API input: an empty password (`null`, "none") removes the stored one, as
 * `clearPassword` does; the API refuses a null `password`.
 */
function serverInput<T extends SourceServer>(
  server: T,
): Omit<Partial<T>, 'password' | 'oauth2'> & { password?: string; clearPassword?: true; oauth2?: OAuth2ClientInput } {
  const { password, oauth2, ...rest } = defined(server);
  const client = oauth2 === undefined ? {} : { oauth2: Object.assign(new OAuth2ClientInput(), defined(oauth2)) };
  return password === null ? { ...rest, ...client, clearPassword: true } : { ...rest, ...client, ...(password !== undefined && { password }) };
}

/** An UpdateMailSessionInput built from source settings, so that every rule of the API applies to them too. */
export function toUpdateInput(settings: SourceSettings, expectedVersion?: number | null): UpdateMailSessionInput {
  const input = new UpdateMailSessionInput();
  input.expectedVersion = expectedVersion;
  const incoming = serverInput(settings.incoming);
  const outgoing = serverInput(settings.outgoing);
  const sender = defined(settings.defaultSender);
  if (Object.keys(incoming).length > 0) input.incoming = Object.assign(new IncomingServerInput(), incoming);
  if (Object.keys(outgoing).length > 0) input.outgoing = Object.assign(new OutgoingServerInput(), outgoing);
  if (settings.additionalProperties !== undefined) {
    input.additionalProperties = settings.additionalProperties.map((p) => Object.assign(new MailPropertyInput(), p));
  }
  if (Object.keys(sender).length > 0) input.defaultSender = Object.assign(new DefaultSenderInput(), sender);
  return input;
}

function firstProblem(errors: readonly ValidationError[], prefix: string): { path: string; message: string } | undefined {
  for (const error of errors) {
    const path = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const message = Object.values(error.constraints ?? {})[0];
    if (message !== undefined) return { path, message: message.replace(`${error.property} `, '') };
    const nested = firstProblem(error.children ?? [], path);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Checks source settings with the API's own rules (host names, lengths, e-mail address, line
 * breaks, JavaMail properties). `keyFor` names the source's key for an input path, so that the
 * error names what the operator wrote. Values never appear in the message (one may be a password).
 */
export function validateSourceSettings(settings: SourceSettings, keyFor: (path: string) => string): void {
  const errors = validateSync(toUpdateInput(settings), { forbidUnknownValues: false, validationError: { target: false, value: false } });
  const problem = firstProblem(errors, '');
  if (problem) throw new SourceProblem(keyFor(problem.path), problem.message);
  if (settings.additionalProperties === undefined) return;
  try {
    // A source that leaves the authentication out keeps the stored one: the update rules judge XOAUTH2 then.
    parseMailProperties(settings.additionalProperties, undefined, { outgoingAuthentication: settings.outgoing?.authentication });
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    throw new SourceProblem(keyFor('additionalProperties'), error.message);
  }
}
