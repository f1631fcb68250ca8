import type { Caller } from '../auth/token-authenticator.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { TransportManager } from '../transport/transport-manager.js';
import { storedProperties } from '../transport/transport-factory.js';
import { parseMailProperties } from './mail-properties.js';
import type { UpdateMailSessionInput } from './mail-session.input.js';
import type { ConfigWarning, MailSettings } from './mail-session.model.js';
import type { MailSessionRepository, StoredMailSession } from './mail-session.repository.js';
import type { MailSessionSync } from './mail-session.sync.js';
import type { MailSession, UpdateMailSessionPayload } from './mail-session.type.js';
import { planUpdate } from './mail-session.update.js';
import { configWarnings } from './mail-session.warnings.js';

/** The stored row as domain settings: passwords reduced to whether one is set. */
export function toSettings(row: StoredMailSession): MailSettings {
  return {
    incoming: {
      protocol: row.incomingProtocol,
      host: row.incomingHost,
      port: row.incomingPort,
      security: row.incomingSecurity,
      user: row.incomingUser,
      passwordSet: row.incomingPassword !== null,
      deleteAfterFetch: row.incomingDeleteAfterFetch,
    },
    outgoing: {
      host: row.outgoingHost,
      port: row.outgoingPort,
      security: row.outgoingSecurity,
      user: row.outgoingUser,
      passwordSet: row.outgoingPassword !== null,
    },
    additionalProperties: storedProperties(row),
    defaultSender: { name: row.defaultSenderName, address: row.defaultSenderAddress },
  };
}

/** Reading and changing the mail settings; the domain rules live here and in planUpdate. */
export class MailSessionService {
  constructor(
    private readonly repository: MailSessionRepository,
    private readonly sync: MailSessionSync,
    private readonly transports: TransportManager,
    private readonly secrets: SecretBox,
  ) {}

  /** The settings this instance applied, with its transports' state. Served from memory. */
  get(): MailSession {
    return this.view(this.sync.current);
  }

  warningsFor(row: StoredMailSession): ConfigWarning[] {
    const settings = toSettings(row);
    return configWarnings(settings, parseMailProperties(settings.additionalProperties));
  }

  /**
   * Applies a partial update in one short transaction, then (after it committed) rebuilds this
   * instance's transports before answering; other instances follow through the change listener.
   */
  async update(input: UpdateMailSessionInput, caller: Caller): Promise<UpdateMailSessionPayload> {
    const { row, changed } = await this.repository.update((current) => planUpdate(input, current, this.secrets), caller.name);
    if (changed) this.sync.applyCommitted(row);
    return { mailSession: this.view(changed ? row : this.sync.current), warnings: this.warningsFor(row) };
  }

  private view(row: StoredMailSession): MailSession {
    const settings = toSettings(row);
    return {
      ...settings,
      version: row.version,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      transports: this.transports.transportStatus(),
    };
  }
}
