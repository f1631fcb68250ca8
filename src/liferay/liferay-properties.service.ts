import type { Caller } from '../platform/auth/token-authenticator.js';
import { BadUserInputError } from '../platform/errors/domain-errors.js';
import type { ConfigWarning } from '../mail-settings/mail-session.model.js';
import type { MailSessionService } from '../mail-settings/mail-session.service.js';
import type { MailSessionSync } from '../mail-settings/mail-session.sync.js';
import { IGNORED_PROPERTY } from '../mail-settings/config-warning.codes.js';
import type { ImportMailSessionPropertiesPayload } from './liferay-properties.type.js';
import { planUpdate } from '../mail-settings/mail-session.update.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import { storedProperties } from '../mail-settings/mail-session.row.js';
import { exportLiferayProperties, liferayKeyFor, parseLiferayProperties } from './liferay-properties.js';
import { SourceProblem, toUpdateInput, validateSourceSettings } from '../settings-source/source-settings.js';

/** The settings in Liferay's properties format: export, and import as one update. */
export class MailSessionPropertiesService {
  constructor(
    private readonly mailSession: MailSessionService,
    private readonly sync: MailSessionSync,
    private readonly secrets: SecretBox,
  ) {}

  /** The settings this instance applied, in Liferay's keys, without passwords. */
  export(): string {
    return exportLiferayProperties(this.sync.current);
  }

  /**
   * Applies the Liferay mail keys in `text` as one partial update (keys left out keep their
   * values; an empty one means none, so an empty password key removes the stored password, as
   * clearPassword does) with every rule of updateMailSession. A mail key this service does not read is
   * refused; keys outside the mail namespaces, and mail keys that change nothing here (such as
   * `mail.session.mail=false`), are reported in `warnings` as IGNORED_PROPERTY.
   */
  async import(text: string, expectedVersion: number | null | undefined, caller: Caller): Promise<ImportMailSessionPropertiesPayload> {
    this.mailSession.assertWritable();
    let parsed;
    try {
      parsed = parseLiferayProperties(text);
      validateSourceSettings(parsed.settings, liferayKeyFor);
    } catch (error) {
      if (!(error instanceof SourceProblem)) throw error;
      throw new BadUserInputError(error.message, { field: 'text', key: error.key, ...(error.line !== undefined && { line: error.line }) });
    }
    const { settings, ignoredKeys, keysWithoutEffect } = parsed;
    const payload = await this.mailSession.change((current) => {
      const input = toUpdateInput(settings, expectedVersion);
      if (settings.smtpAuth !== undefined) {
        // Liferay's smtp.auth alone: replace mail.smtp.auth, keep the other properties.
        const others = storedProperties(current).filter((p) => p.key !== 'mail.smtp.auth');
        input.additionalProperties = [{ key: 'mail.smtp.auth', value: settings.smtpAuth }, ...others];
      }
      return planUpdate(input, current, this.secrets);
    }, caller.name);
    const ignored: ConfigWarning[] = ignoredKeys.map((key) => ({
      code: IGNORED_PROPERTY,
      field: ['text'],
      message: `${key} is not a mail setting and was ignored`,
    }));
    const withoutEffect: ConfigWarning[] = keysWithoutEffect.map(({ key, reason }) => ({
      code: IGNORED_PROPERTY,
      field: ['text'],
      message: `${key} changes nothing here and was ignored: ${reason}`,
    }));
    return { mailSession: payload.mailSession, warnings: [...ignored, ...withoutEffect, ...payload.warnings] };
  }
}
