import type { Caller } from '../platform/auth/token-authenticator.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import type { TransportManager } from '../transport/transport-manager.js';
import { storedProperties } from './mail-session.row.js';
import { parseMailProperties } from '../javamail/mail-properties.js';
import type { MailSessionCandidateInput, UpdateMailSessionInput } from './mail-session.input.js';
import type { ConfigWarning, MailSettings } from './mail-session.model.js';
import type { MailSessionRepository } from './mail-session.repository.js';
import { storedColumns, type PlannedChange, type StoredMailSession } from './mail-session.row.js';
import type { MailSessionSync } from './mail-session.sync.js';
import type { MailSession, UpdateMailSessionPayload } from './mail-session.type.js';
import { planUpdate } from './mail-session.update.js';
import { configWarnings } from './mail-session.warnings.js';
import { ForbiddenError } from '../platform/errors/domain-errors.js';
import type { MailSessionSourceKind } from './mail-session.model.js';

const MANAGED_BY: Record<Exclude<MailSessionSourceKind, 'DATABASE'>, string> = {
  ENVIRONMENT: 'the MAIL_* environment variables',
  FILE: 'the properties file named by MAIL_SESSION_PROPERTIES_FILE',
};

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
    /** Which source is in force: anything but DATABASE (managed mode) makes the settings read-only here. */
    private readonly source: MailSessionSourceKind = 'DATABASE',
  ) {}

  /** FORBIDDEN in managed mode, saying where the settings come from. */
  assertWritable(): void {
    if (this.source === 'DATABASE') return;
    throw new ForbiddenError(
      `The mail settings are managed by ${MANAGED_BY[this.source]} (MAIL_SESSION_MANAGED=true) and cannot be changed through the API: change them there and restart the service`,
    );
  }

  /** The settings this instance applied, with its transports' state. Served from memory. */
  get(): MailSession {
    // The read path: the same row and transport state give the same view, so build it once.
    const row = this.sync.current;
    const applied = this.transports.appliedVersion;
    if (this.cached?.row !== row || this.cached.applied !== applied) this.cached = { row, applied, view: this.view(row) };
    return this.cached.view;
  }

  private cached: { row: StoredMailSession; applied: number; view: MailSession } | undefined;

  /**
   * The saved row as the database holds it now (`current`), and the row to check: the saved one,
   * or with `input` applied by the update rules (password re-entry included) as it would be
   * stored. Saves nothing.
   */
  async candidate(input: MailSessionCandidateInput | null | undefined): Promise<{ current: StoredMailSession; row: StoredMailSession }> {
    const current = await this.repository.get();
    const plan = input ? planUpdate(input, current, this.secrets) : null;
    return { current, row: plan ? { ...current, ...storedColumns(plan.data) } : current };
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
    this.assertWritable();
    return this.applyChange((current) => planUpdate(input, current, this.secrets), caller.name);
  }

  /**
   * Commits the change `plan` computes from the locked row (see MailSessionRepository.update) for
   * a client, then rebuilds this instance's transports and answers as an update does. FORBIDDEN in
   * managed mode, as `update`.
   */
  async change(plan: (current: StoredMailSession) => PlannedChange | null, changedBy: string): Promise<UpdateMailSessionPayload> {
    this.assertWritable();
    return this.applyChange(plan, changedBy);
  }

  /**
   * For the start-up source that manages or seeds the settings (`environment` or `file`), before
   * the instance loads them: commits the change `plan` computes, without the managed-mode check
   * (that source is what manages them). Returns the row after it, and whether it changed.
   */
  applySource(
    plan: (current: StoredMailSession) => PlannedChange | null,
    changedBy: 'environment' | 'file',
  ): Promise<{ row: StoredMailSession; changed: boolean }> {
    return this.repository.update(plan, changedBy);
  }

  private async applyChange(plan: (current: StoredMailSession) => PlannedChange | null, changedBy: string): Promise<UpdateMailSessionPayload> {
    const { row, changed } = await this.repository.update(plan, changedBy);
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
      source: this.source,
      transports: this.transports.transportStatus(),
    };
  }
}
