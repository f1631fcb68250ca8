import type { SecureVersion } from 'node:tls';
import { BadUserInputError } from '../platform/errors/domain-errors';
import { normalizeHostName } from './host-name';
import {
  SUPPORTED_MAIL_PROPERTY_KEYS,
  refusalOf,
  sameKeyInOtherCase,
  supportedMailProperty,
  type MailPropertyProtocol,
  type SupportedMailProperty,
} from './mail-properties.keys';
import {
  parseAuthMechanisms,
  parseEhloName,
  parseEnvelopeAddress,
  parseFlag,
  parseMilliseconds,
  parseTlsVersions,
  parseTrustedHosts,
  type SmtpAuthMechanism,
  type ValueResult,
} from './mail-properties.values';

export { MAIL_PROPERTY_DOCS, SUPPORTED_MAIL_PROPERTY_KEYS } from './mail-properties.keys';
export type { MailPropertyDoc, MailPropertyProtocol } from './mail-properties.keys';
export type { SmtpAuthMechanism } from './mail-properties.values';

/** One JavaMail property as the settings store it: `additionalProperties` entries. */
export interface MailProperty {
  key: string;
  value: string;
}

export const MAX_PROPERTY_KEY_LENGTH = 200;
export const MAX_PROPERTY_VALUE_LENGTH = 1000;

/**
 * What the properties set for the POP3 or IMAP client. Declarative: the transport factory turns
 * the TLS entries into Node `tls` options. An option the properties leave unset is absent.
 */
export interface MailboxPropertyOptions {
  /** Milliseconds to establish the connection (`connectiontimeout`). */
  connectionTimeout?: number;
  /** Milliseconds to wait for the server's greeting (`timeout`). */
  greetingTimeout?: number;
  /** Milliseconds of inactivity before giving up: the smaller of `timeout` and `writetimeout`. */
  socketTimeout?: number;
  /** `false`: the certificate need not be for the server's host name (`ssl.checkserveridentity`). */
  checkServerIdentity?: boolean;
  /** Hosts (lower case) whose certificates are accepted unverified, or `'*'` for all (`ssl.trust`). */
  trust?: '*' | readonly string[];
  /** Lowest and highest TLS version (`ssl.protocols`). */
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
}

/** What the properties set for nodemailer's SMTP transport, besides the options shared with POP3/IMAP. */
export interface SmtpPropertyOptions extends MailboxPropertyOptions {
  /** nodemailer `name`: the EHLO name (`localhost`). */
  name?: string;
  /** The SMTP envelope sender, `MAIL FROM` (`from`). */
  envelopeFrom?: string;
  /** `false`: never authenticate, even when a user is set (`auth`). */
  auth?: boolean;
  /** nodemailer `authMethod`: the first of `auth.mechanisms` that is not disabled. */
  authMethod?: SmtpAuthMechanism;
}

export interface ParsedMailProperties {
  smtp: SmtpPropertyOptions;
  pop3: MailboxPropertyOptions;
  imap: MailboxPropertyOptions;
  /** `mail.debug`; false when unset. */
  debug: boolean;
}

/**
 * What the properties' meaning depends on besides themselves: how the outgoing server signs in.
 * `mail.smtp.auth.mechanisms` may list XOAUTH2 only for an `OAUTH2` server (which signs in with
 * XOAUTH2 whatever the list says); for a `PASSWORD` server it is refused. `undefined`: not known
 * where the list is checked (an input on its own, without the stored settings): XOAUTH2 passes
 * there and is judged where the authentication is known.
 */
export interface MailPropertyContext {
  outgoingAuthentication: 'PASSWORD' | 'OAUTH2' | undefined;
}

export const PASSWORD_SERVERS: MailPropertyContext = { outgoingAuthentication: 'PASSWORD' };

/** The values read so far for one protocol, before they are combined into options. */
interface Draft {
  options: SmtpPropertyOptions;
  timeout?: number;
  writeTimeout?: number;
  mechanisms?: { list: readonly SmtpAuthMechanism[]; valueField: string };
  disabled: Set<SmtpAuthMechanism>;
}

/** Used when only `auth.*.disable` is set: the mechanisms that work with a password, JavaMail's order. */
const DEFAULT_AUTH_MECHANISMS: readonly SmtpAuthMechanism[] = ['LOGIN', 'PLAIN', 'CRAM-MD5'];

// Control characters other than TAB: CR/LF would let a value inject protocol lines, NUL ends C strings.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000A-\u001F\u007F]/;

function checkedKey(raw: string, field: string): string {
  if (CONTROL_CHARACTER.test(raw)) {
    throw new BadUserInputError('A property key contains a line break or another control character', { field });
  }
  const key = raw.trim();
  if (key.length === 0) throw new BadUserInputError('A property key is empty', { field });
  if (key.length > MAX_PROPERTY_KEY_LENGTH) {
    throw new BadUserInputError(`A property key is longer than ${MAX_PROPERTY_KEY_LENGTH} characters`, { field });
  }
  return key;
}

function checkedValue(key: string, raw: string, field: string): string {
  if (CONTROL_CHARACTER.test(raw)) {
    throw new BadUserInputError(`The value of ${key} contains a line break or another control character`, { field });
  }
  if (raw.length > MAX_PROPERTY_VALUE_LENGTH) {
    throw new BadUserInputError(`The value of ${key} is longer than ${MAX_PROPERTY_VALUE_LENGTH} characters`, { field });
  }
  const value = raw.trim();
  if (value.length === 0) throw new BadUserInputError(`${key} has no value`, { field });
  return value;
}

function unknownKeyError(key: string, field: string): BadUserInputError {
  const other = sameKeyInOtherCase(key);
  const hint = other === undefined ? '' : ` (keys are case-sensitive: did you mean ${other}?)`;
  return new BadUserInputError(`${key} is not a supported property${hint}. Supported keys: ${SUPPORTED_MAIL_PROPERTY_KEYS.join(', ')}`, { field });
}

function valueOf<T>(key: string, result: ValueResult<T>, field: string): T {
  if (!result.ok) throw new BadUserInputError(`${key} ${result.problem}`, { field });
  return result.value;
}

/** Reads one value into its protocol's draft; the global `mail.debug` is read by the caller. */
function apply(spec: SupportedMailProperty, text: string, draft: Draft, field: string, context: MailPropertyContext): void {
  const { key } = spec;
  const options = draft.options;
  switch (spec.kind) {
    case 'connectionTimeout':
      options.connectionTimeout = valueOf(key, parseMilliseconds(text), field);
      return;
    case 'timeout':
      draft.timeout = valueOf(key, parseMilliseconds(text), field);
      return;
    case 'writeTimeout':
      draft.writeTimeout = valueOf(key, parseMilliseconds(text), field);
      return;
    case 'checkServerIdentity':
      options.checkServerIdentity = valueOf(key, parseFlag(text), field);
      return;
    case 'trust':
      options.trust = valueOf(key, parseTrustedHosts(text), field);
      return;
    case 'protocols':
      Object.assign(options, valueOf(key, parseTlsVersions(text), field));
      return;
    case 'localhost':
      options.name = valueOf(key, parseEhloName(text), field);
      return;
    case 'from':
      options.envelopeFrom = valueOf(key, parseEnvelopeAddress(text), field);
      return;
    case 'auth':
      options.auth = valueOf(key, parseFlag(text), field);
      return;
    case 'authMechanisms':
      draft.mechanisms = { list: valueOf(key, parseAuthMechanisms(text, context.outgoingAuthentication !== 'PASSWORD'), field), valueField: field };
      return;
    case 'authLoginDisable':
      if (valueOf(key, parseFlag(text), field)) draft.disabled.add('LOGIN');
      return;
    case 'authPlainDisable':
      if (valueOf(key, parseFlag(text), field)) draft.disabled.add('PLAIN');
      return;
  }
}

function finish(draft: Draft): SmtpPropertyOptions {
  const options = { ...draft.options };
  if (draft.timeout !== undefined) options.greetingTimeout = draft.timeout;
  const socketTimeouts = [draft.timeout, draft.writeTimeout].filter((ms): ms is number => ms !== undefined);
  if (socketTimeouts.length > 0) options.socketTimeout = Math.min(...socketTimeouts);
  if (draft.mechanisms === undefined && draft.disabled.size === 0) return options;
  // The auth keys are SMTP's only.
  const { list, valueField } = draft.mechanisms ?? { list: DEFAULT_AUTH_MECHANISMS, valueField: undefined };
  // XOAUTH2 alone (an OAUTH2 server's list): no password mechanism to choose.
  if (list.length === 0) return options;
  const authMethod = list.find((mechanism) => !draft.disabled.has(mechanism));
  if (authMethod === undefined) {
    throw new BadUserInputError('Every mechanism in mail.smtp.auth.mechanisms is disabled by mail.smtp.auth.login.disable or mail.smtp.auth.plain.disable', {
      field: valueField,
    });
  }
  options.authMethod = authMethod;
  return options;
}

/**
 * Parses and validates the additional JavaMail properties.
 *
 * Keys are trimmed and case-sensitive; a key may appear once. Values are trimmed, at most
 * {@link MAX_PROPERTY_VALUE_LENGTH} characters, and contain no line break or control character.
 * Keys that set something with its own field (`mail.smtp.port`, `mail.smtp.ssl.enable`, …) are
 * refused with a message naming that field.
 *
 * `context` says how the outgoing server signs in (see {@link MailPropertyContext}); default: with
 * a password, the strict reading.
 *
 * @throws BadUserInputError listing every problem of the list (`problems`), each with its `field`
 *   (`[<fieldPath>, i, "key"]` or `[<fieldPath>, i, "value"]`); `field` is the first one's.
 */
export function parseMailProperties(
  properties: readonly MailProperty[],
  fieldPath = 'additionalProperties',
  context: MailPropertyContext = PASSWORD_SERVERS,
): ParsedMailProperties {
  const drafts: Record<MailPropertyProtocol, Draft> = {
    smtp: { options: {}, disabled: new Set() },
    pop3: { options: {}, disabled: new Set() },
    imap: { options: {}, disabled: new Set() },
  };
  const seen = new Map<string, string>();
  let debug = false;

  // Every entry is checked, so the client learns every problem of the list at once.
  const problems: BadUserInputError[] = [];
  const collecting = (check: () => void): void => {
    try {
      check();
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      problems.push(error);
    }
  };
  properties.forEach((property, index) =>
    collecting(() => {
      const keyField = `${fieldPath}[${index}].key`;
      const valueField = `${fieldPath}[${index}].value`;
      const key = checkedKey(property.key, keyField);
      const refusal = refusalOf(key);
      if (refusal !== undefined) {
        throw new BadUserInputError(`${key} cannot be set as a property: ${refusal}`, { field: keyField });
      }
      const spec = supportedMailProperty(key);
      if (spec === undefined) throw unknownKeyError(key, keyField);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new BadUserInputError(`${key} is set twice (also at ${earlier}); keep one`, { field: keyField });
      }
      seen.set(key, `${fieldPath}[${index}]`);
      const text = checkedValue(key, property.value, valueField);
      if (spec.protocol === null) {
        debug = valueOf(key, parseFlag(text), valueField);
        return;
      }
      apply(spec, text, drafts[spec.protocol], valueField, context);
    }),
  );
  const finished: Partial<Record<MailPropertyProtocol, SmtpPropertyOptions>> = {};
  for (const protocol of ['smtp', 'pop3', 'imap'] as const) collecting(() => (finished[protocol] = finish(drafts[protocol])));
  const refusal = BadUserInputError.combine(problems);
  if (refusal) throw refusal;
  return { smtp: finished.smtp ?? {}, pop3: finished.pop3 ?? {}, imap: finished.imap ?? {}, debug };
}

/**
 * True when the properties switch off certificate checks for `host` over `protocol`:
 * `ssl.checkserveridentity` is false, `ssl.trust` is `*`, or `ssl.trust` lists the host.
 */
export function certificateChecksDisabled(parsed: ParsedMailProperties, protocol: MailPropertyProtocol, host: string | null): boolean {
  const options = parsed[protocol];
  if (options.checkServerIdentity === false || options.trust === '*') return true;
  if (options.trust === undefined || host === null) return false;
  return options.trust.includes(normalizeHostName(host));
}
