import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import { BadUserInputError } from '../platform/errors/domain-errors.js';
import type { MailSessionService } from '../mail-settings/mail-session.service.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import { credentialChanges, planUpdate, tokenCredentialChanges } from '../mail-settings/mail-session.update.js';
import { OAUTH2_SECRET_FIELDS, oauth2Column, oauth2SecretContext } from '../mail-settings/mail-session.oauth2-columns.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD } from '../mail-settings/mail-session.row.js';
import { environmentSettings } from './environment-settings.js';
import { liferayKeyFor, parseLiferayProperties } from '../liferay/liferay-properties.js';
import type { KeyWithoutEffect } from '../liferay/javamail-security-keys.js';
import type { MailSessionSourceConfig } from '../config/mail-source.js';
import { completeSourceSettings, SourceProblem, toUpdateInput, validateSourceSettings, type SourceSettings } from './source-settings.js';

/** A source read and checked at start, before anything is written. */
export interface LoadedMailSessionSource {
  kind: 'ENVIRONMENT' | 'FILE';
  managed: boolean;
  /** The whole settings the source stands for (see completeSourceSettings). */
  settings: SourceSettings;
  /** Keys of a file that are not about mail, left alone. */
  ignoredKeys: string[];
  /** Mail keys of a file read as Liferay and JavaMail read them, which change nothing here. */
  keysWithoutEffect?: KeyWithoutEffect[];
}

/**
 * Reads the file (when the source is one), parses and checks it. Nothing is written here, so a
 * bad source stops start-up with nothing applied.
 *
 * @throws ConfigError naming the variable, and for a file its path, line and key.
 */
export async function loadMailSessionSource(config: MailSessionSourceConfig): Promise<LoadedMailSessionSource> {
  if (config.kind === 'ENVIRONMENT') {
    try {
      return { kind: 'ENVIRONMENT', managed: config.managed, settings: completeSourceSettings(environmentSettings(config.variables)), ignoredKeys: [] };
    } catch (error) {
      if (error instanceof SourceProblem) throw new ConfigError(error.key, error.problem);
      throw error;
    }
  }
  const fail = (problem: string) => new ConfigError('MAIL_SESSION_PROPERTIES_FILE', `${config.path}: ${problem}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(config.path);
  } catch (error) {
    throw fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail('is not valid UTF-8 text');
  }
  try {
    const { settings, ignoredKeys, keysWithoutEffect } = parseLiferayProperties(text);
    validateSourceSettings(settings, liferayKeyFor);
    return { kind: 'FILE', managed: config.managed, settings: completeSourceSettings(settings), ignoredKeys, keysWithoutEffect };
  } catch (error) {
    if (error instanceof SourceProblem) throw fail(error.message);
    throw error;
  }
}

function samePassword(box: SecretBox, stored: string | null, given: string, context: string): boolean {
  if (stored === null) return false;
  try {
    return box.decrypt(stored, context) === given;
  } catch {
    return false;
  }
}

/**
 * The update that makes the stored settings equal to the source's. Passwords are compared in
 * plain text (ciphertext differs on every encryption) and left out when unchanged, so applying
 * the same source twice changes nothing.
 */
function sourceUpdate(settings: SourceSettings, current: StoredMailSession, box: SecretBox) {
  const input = toUpdateInput(settings);
  for (const side of ['incoming', 'outgoing'] as const) {
    const server = input[side];
    const given = settings[side];
    if (!server) continue;
    const stored = side === 'incoming' ? current.incomingPassword : current.outgoingPassword;
    const context = side === 'incoming' ? INCOMING_PASSWORD : OUTGOING_PASSWORD;
    if (typeof given.password === 'string') {
      // Left out only when nothing it guards changes: otherwise planUpdate would ask for it again.
      const unmoved = credentialChanges(side, input, current).length === 0;
      if (unmoved && samePassword(box, stored, given.password, context)) delete server.password;
    } else {
      delete server.password;
      if (stored !== null) server.clearPassword = true;
    }
    // The same for the OAuth 2.0 secrets, when the source gives the client (a Liferay file does not).
    const oauth2 = server.oauth2;
    if (!oauth2) continue;
    const unmoved = tokenCredentialChanges(side, input, current).length === 0;
    for (const field of OAUTH2_SECRET_FIELDS) {
      const secret = oauth2[field];
      // Left out (undefined): kept, as the stored value is the same.
      if (typeof secret === 'string' && unmoved && samePassword(box, current[oauth2Column(side, field)], secret, oauth2SecretContext(side, field))) {
        oauth2[field] = undefined;
      }
    }
  }
  return input;
}

export interface ApplySourceDependencies {
  /** The one writer of the settings row; its warnings are logged for the applied settings. */
  settings: Pick<MailSessionService, 'applySource' | 'warningsFor'>;
  secrets: SecretBox;
  log: Logger;
}

/**
 * Applies a loaded source in one transaction on the locked settings row, as the user
 * `environment` or `file`: when the settings are still at version 0 (seeding; replicas starting
 * together seed once, the others find version 1), or, in managed mode, whenever they differ.
 * Returns the new row, or undefined when nothing changed.
 */
export async function applyMailSessionSource(source: LoadedMailSessionSource, deps: ApplySourceDependencies): Promise<StoredMailSession | undefined> {
  const changedBy = source.kind === 'ENVIRONMENT' ? 'environment' : 'file';
  const { log } = deps;
  if (source.ignoredKeys.length > 0) log.info({ ignoredKeys: source.ignoredKeys }, 'mail settings file: keys that are not mail settings were ignored');
  for (const { key, reason } of source.keysWithoutEffect ?? []) log.info({ key }, `mail settings file: ${key} changes nothing here and was ignored: ${reason}`);
  let result;
  try {
    result = await deps.settings.applySource((current) => {
      if (!source.managed && current.version !== 0) return null;
      return planUpdate(sourceUpdate(source.settings, current, deps.secrets), current, deps.secrets);
    }, changedBy);
  } catch (error) {
    if (error instanceof BadUserInputError) {
      const variable = source.kind === 'FILE' ? 'MAIL_SESSION_PROPERTIES_FILE' : 'MAIL_SESSION_MANAGED';
      throw new ConfigError(variable, `the mail settings from the ${changedBy} could not be applied: ${error.message}`);
    }
    throw error;
  }
  if (!result.changed) {
    log.info({ source: source.kind, managed: source.managed, version: result.row.version }, 'mail settings source: nothing to apply');
    return undefined;
  }
  log.info({ source: source.kind, managed: source.managed, version: result.row.version }, `mail settings applied from the ${changedBy}`);
  for (const warning of deps.settings.warningsFor(result.row))
    log.warn({ source: source.kind, warning }, `mail settings from the ${changedBy}: ${warning.message}`);
  return result.row;
}
