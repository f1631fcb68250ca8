import type { Caller } from '../platform/auth/token-authenticator.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';
import type { TransportManager } from '../transport/transport-manager.js';
import type { TransportStatus } from '../transport/transport-status.js';
import type { InboundReaderStatus } from '../inbound/inbound-reader.status.js';
import { storedProperties } from './mail-session.row.js';
import { parseMailProperties } from '../javamail/mail-properties.js';
import type { MailSessionCandidateInput, UpdateMailSessionInput } from './mail-session.input.js';
import type { ConfigWarning, MailSettings } from './mail-session.model.js';
import type { MailSessionRepository } from './mail-session.repository.js';
import { storedColumns, type PlannedChange, type StoredMailSession } from './mail-session.row.js';
import type { MailSessionSync } from './mail-session.sync.js';
import type { MailSession, UpdateMailSessionPayload } from './mail-session.type.js';
import { MAIL_SESSION_ID } from './mail-session.node.js';
import { planUpdate } from './mail-session.update.js';
import { configWarnings } from './mail-session.warnings.js';
import { ForbiddenError } from '../platform/errors/domain-errors.js';
import type { MailSessionSourceKind, OAuth2Settings } from './mail-session.model.js';
import type { TokenStatus } from '../oauth2/oauth2-client.js';
import { authenticationColumn, oauth2Column, type Side } from './mail-session.oauth2-columns.js';

const MANAGED_BY: Record<Exclude<MailSessionSourceKind, 'DATABASE'>, string> = {
  ENVIRONMENT: 'the MAIL_* environment variables',
  FILE: 'the properties file named by MAIL_SESSION_PROPERTIES_FILE',
};

/** Where the live token status of each server comes from (the transports of this instance). */
export type TokenStatusOf = (side: Side) => TokenStatus;

/** What a server without a live token source shows: no token. */
export const NO_TOKEN: TokenStatusOf = () => ({ state: 'NONE', expiresAt: null, lastError: null });

/** One server's OAuth 2.0 client, secrets reduced to whether each is set; null unless it signs in with OAUTH2. */
function oauth2Settings(row: StoredMailSession, side: Side, tokenStatus: TokenStatusOf): OAuth2Settings | null {
  if (row[authenticationColumn(side)] !== 'OAUTH2') return null;
  const grant = row[oauth2Column(side, 'grant')];
  const tokenUrl = row[oauth2Column(side, 'tokenUrl')];
  const clientId = row[oauth2Column(side, 'clientId')];
  // planUpdate stores all three with OAUTH2; a row without them has no client to show.
  if (grant === null || tokenUrl === null || clientId === null) return null;
  return {
    grant,
    tokenUrl,
    clientId,
    scope: row[oauth2Column(side, 'scope')],
    serviceAccountEmail: row[oauth2Column(side, 'serviceAccountEmail')],
    clientSecretSet: row[oauth2Column(side, 'clientSecret')] !== null,
    refreshTokenSet: row[oauth2Column(side, 'refreshToken')] !== null,
    privateKeySet: row[oauth2Column(side, 'privateKey')] !== null,
    token: tokenStatus(side),
  };
}

/**
 * The stored row as domain settings: passwords and OAuth 2.0 secrets reduced to whether each is
 * set; the token status of each server from `tokenStatus` (none for a history snapshot).
 */
export function toSettings(row: StoredMailSession, tokenStatus: TokenStatusOf = NO_TOKEN): MailSettings {
  return {
    incoming: {
      protocol: row.incomingProtocol,
      host: row.incomingHost,
      port: row.incomingPort,
      security: row.incomingSecurity,
      user: row.incomingUser,
      passwordSet: row.incomingPassword !== null,
      authentication: row.incomingAuthentication,
      oauth2: oauth2Settings(row, 'incoming', tokenStatus),
      deleteAfterFetch: row.incomingDeleteAfterFetch,
    },
    outgoing: {
      host: row.outgoingHost,
      port: row.outgoingPort,
      security: row.outgoingSecurity,
      user: row.outgoingUser,
      passwordSet: row.outgoingPassword !== null,
      authentication: row.outgoingAuthentication,
      oauth2: oauth2Settings(row, 'outgoing', tokenStatus),
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
    /**
     * The live token status of each server (the token caches of this instance's transports). The
     * default shows NONE: until the transports hold token sources, this is what there is.
     */
    private readonly tokenStatus: TokenStatusOf = NO_TOKEN,
    /** The incoming mail reader's status (`transports.incoming.reader`); none by default. */
    private readonly readerStatus: () => InboundReaderStatus | undefined = () => undefined,
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
    // Token and sign-in states change without a new settings version: a new one is a new view (and a new snapshot for the answer cache).
    // The reader's status changes with every poll: part of the view too.
    const tokens = `${this.tokenKey()}${JSON.stringify(this.readerStatus() ?? null)}`;
    if (this.cached?.row !== row || this.cached.applied !== applied || this.cached.tokens !== tokens) {
      this.cached = { row, applied, tokens, view: this.view(row) };
    }
    return this.cached.view;
  }

  private cached: { row: StoredMailSession; applied: number; tokens: string; view: MailSession } | undefined;

  /**
   * The default sender of the settings this instance applied, as `get()` shows it, without
   * building the view (sendEmail reads it for every message).
   */
  defaultSender(): { name: string | null; address: string | null } {
    const row = this.sync.current;
    return { name: row.defaultSenderName, address: row.defaultSenderAddress };
  }

  /**
   * The token states of both servers and their transports' states, as a string that changes
   * whenever one does: an OAuth 2.0 sign-in that fails or succeeds again changes the transport's
   * state without a new version or token state.
   */
  private tokenKey(): string {
    const transports = JSON.stringify(this.transports.transportStatus());
    if (this.tokenStatus === NO_TOKEN) return transports;
    return JSON.stringify([this.tokenStatus('incoming'), this.tokenStatus('outgoing'), transports]);
  }

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
    return configWarnings(
      settings,
      parseMailProperties(settings.additionalProperties, undefined, { outgoingAuthentication: settings.outgoing.authentication }),
    );
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
    const settings = toSettings(row, this.tokenStatus);
    return {
      id: MAIL_SESSION_ID,
      ...settings,
      version: row.version,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      source: this.source,
      transports: this.transportsView(),
    };
  }

  private transportsView(): { outgoing: TransportStatus; incoming: TransportStatus & { reader: InboundReaderStatus | null } } {
    const status = this.transports.transportStatus();
    return { outgoing: status.outgoing, incoming: { ...status.incoming, reader: this.readerStatus() ?? null } };
  }
}
