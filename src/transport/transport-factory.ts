import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool';
import { BadUserInputError } from '../platform/errors/domain-errors.js';
import type { Logger } from 'pino';
import { normalizeHostName } from '../javamail/host-name.js';
import { connectUnderPolicy } from '../platform/network/network-connect.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import { parseMailProperties, type MailboxPropertyOptions, type ParsedMailProperties } from '../javamail/mail-properties.js';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD, storedProperties, type StoredMailSession } from '../mail-settings/mail-session.row.js';
import { SecretBoxError, type SecretBox } from '../platform/secrets/secret-box.js';
import type { MailboxConnection } from './mailbox-connection.js';
import { oauth2ClientOf } from './oauth2-client-of.js';
import { outgoingConnection } from './outgoing-connection.js';
import { SERVICE_XOAUTH2 } from './smtp-oauth2-auth.js';
import { SYSTEM_TRUST, type TlsTrust } from './tls-trust.js';
import type { OutgoingTransportSpec } from './outgoing-transport.js';
import { PEER_LIMITS } from './peer-limits.js';
import { maskingLogger, secretForms } from './secret-mask.js';
import type { BuiltTransports } from './transport-manager.js';
import type { BuildResult } from './transport-status.js';
import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import type { TokenCheck } from '../oauth2/token-check.js';

/** How one server signs in with OAuth 2.0: its token cache, and the connection test's detailed fetch. */
export interface ServerOAuth2 {
  /**
   * Identifies the client configuration behind `tokens` (e.g. the token cache's key: a hash of
   * grant, token URL, client id, scope, user and secrets' versions). Part of the transport's
   * fingerprint, so a changed client replaces the warm pool and its token source.
   */
  key: string;
  tokens: AccessTokenSource;
  /** The TOKEN step's detailed fetch; without it the step reports what `tokens` says. */
  check?: TokenCheck;
}

/**
 * The servers that sign in with OAuth 2.0 (`authentication: OAUTH2`), one per side; a side
 * without one signs in with its password.
 */
export interface ServerTokenSources {
  outgoing?: ServerOAuth2;
  incoming?: ServerOAuth2;
}

function fingerprint(material: unknown): string {
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

/** TLS options both sides share: trust, host name check, protocol versions, SNI. */
function tlsOptions(options: MailboxPropertyOptions, host: string, trust: TlsTrust): ConnectionOptions & { checkServerIdentityOff: boolean } {
  const normalized = normalizeHostName(host);
  const trusted = options.trust === '*' || (options.trust?.includes(normalized) ?? false);
  const checkServerIdentityOff = options.checkServerIdentity === false;
  return {
    rejectUnauthorized: !trusted,
    ...(trust.ca && { ca: [...trust.ca] }),
    ...(checkServerIdentityOff && { checkServerIdentity: () => undefined }),
    ...(options.minVersion && { minVersion: options.minVersion }),
    ...(options.maxVersion && { maxVersion: options.maxVersion }),
    // SNI carries host names only (RFC 6066); Node warns when given an IP address.
    ...(isIP(normalized) === 0 && { servername: normalized }),
    checkServerIdentityOff,
  };
}

function decryptPassword(box: SecretBox, stored: string | null, context: string): string | undefined {
  return stored === null ? undefined : box.decrypt(stored, context);
}

function failure(error: unknown, side: string): { state: 'FAILED'; error: string } {
  // Only our own errors are known to be free of secrets; anything else gets a generic text.
  if (error instanceof SecretBoxError) return { state: 'FAILED', error: error.message };
  if (error instanceof BadUserInputError) return { state: 'FAILED', error: `stored ${side} settings are invalid: ${error.message}` };
  return { state: 'FAILED', error: `the ${side} transport could not be built from these settings` };
}

/**
 * Why an OAUTH2 server has no token source: FAILED, never a sign-in with a stored password the
 * administrator meant to replace.
 */
function oauth2Unavailable(row: StoredMailSession, box: SecretBox, side: 'outgoing' | 'incoming'): { state: 'FAILED'; error: string } {
  try {
    if (oauth2ClientOf(row, box, side) === undefined)
      return { state: 'FAILED', error: `the ${side} OAuth 2.0 client is incomplete (grant, token URL, client id and user are needed)` };
  } catch (error) {
    return failure(error, side);
  }
  return { state: 'FAILED', error: `the ${side} server has no OAuth 2.0 token source` };
}

/** nodemailer's own connection timeout, which also bounds our connect when the settings give none. */
const NODEMAILER_CONNECTION_TIMEOUT_MS = 2 * 60_000;

/**
 * nodemailer's socket provider: the live transport resolves the host once, connects only to an
 * address the network policy permits, and fails a send to a refused one without connecting.
 * nodemailer starts TLS (implicit or STARTTLS) on this socket with the host name as identity.
 */
function policySocket(network: NetworkPolicy): NonNullable<SMTPPoolOptions['getSocket']> {
  return (options, callback) => {
    const signal = AbortSignal.timeout(options.connectionTimeout ?? NODEMAILER_CONNECTION_TIMEOUT_MS);
    connectUnderPolicy(network, options.host ?? 'localhost', Number(options.port), signal).then(
      (connection) => callback(null, { connection }),
      (error: unknown) => callback(error as Error),
    );
  };
}

function outgoingSpec(
  row: StoredMailSession,
  parsed: ParsedMailProperties,
  box: SecretBox,
  log: Logger,
  network: NetworkPolicy,
  trust: TlsTrust,
  oauth2: ServerOAuth2 | undefined,
): BuildResult<OutgoingTransportSpec> {
  if (row.outgoingHost === null) return { state: 'DISABLED', reason: 'no outgoing host' };
  if (row.outgoingAuthentication === 'OAUTH2' && !oauth2) return oauth2Unavailable(row, box, 'outgoing');
  try {
    const smtp = parsed.smtp;
    const password = decryptPassword(box, row.outgoingPassword, OUTGOING_PASSWORD);
    const { checkServerIdentityOff, ...tls } = tlsOptions(smtp, row.outgoingHost, trust);
    const connection = outgoingConnection(
      {
        host: row.outgoingHost,
        port: row.outgoingPort,
        security: row.outgoingSecurity,
        user: row.outgoingUser,
        password,
        defaultSenderAddress: row.defaultSenderAddress,
        ...(oauth2 && { tokens: oauth2.tokens, ...(oauth2.check && { tokenCheck: oauth2.check }) }),
      },
      smtp,
      {
        rejectUnauthorized: tls.rejectUnauthorized !== false,
        checkServerIdentity: !checkServerIdentityOff,
        ...(tls.minVersion && { minVersion: tls.minVersion }),
        ...(tls.maxVersion && { maxVersion: tls.maxVersion }),
        ...(tls.servername && { servername: tls.servername }),
        ...(trust.ca && { ca: trust.ca }),
      },
    );
    const options: OutgoingTransportSpec['options'] = {
      pool: true,
      host: connection.host,
      port: connection.port,
      secure: connection.security === 'TLS',
      ignoreTLS: connection.security === 'NONE',
      requireTLS: connection.security === 'STARTTLS',
      tls,
      ...(connection.auth && { auth: { ...connection.auth } }),
      // OAuth 2.0: the service owns the tokens; OutgoingTransport supplies the XOAUTH2 handler.
      ...(connection.oauth2 && { auth: { type: 'custom' as const, method: SERVICE_XOAUTH2, user: connection.oauth2.user } }),
      ...(smtp.authMethod && !connection.oauth2 && { authMethod: smtp.authMethod }),
      ...(smtp.name && { name: smtp.name }),
      ...(smtp.connectionTimeout !== undefined && { connectionTimeout: smtp.connectionTimeout }),
      ...(smtp.greetingTimeout !== undefined && { greetingTimeout: smtp.greetingTimeout }),
      ...(smtp.socketTimeout !== undefined && { socketTimeout: smtp.socketTimeout }),
      // A hostile server must not make nodemailer buffer a reply without bound (PEER_LIMITS).
      maxResponseSize: PEER_LIMITS.smtpReplyBytes,
      // The debug log has every server reply; a server may echo the password.
      ...(parsed.debug && { logger: maskingLogger(log.child({ component: 'smtp' }), secretForms(connection.auth)), debug: true }),
      getSocket: policySocket(network),
    };
    const defaultFrom = row.defaultSenderAddress === null ? undefined : { name: row.defaultSenderName ?? '', address: row.defaultSenderAddress };
    const spec: OutgoingTransportSpec = { options, defaultFrom, envelopeFrom: smtp.envelopeFrom, connection };
    const { logger: _logger, getSocket: _getSocket, ...comparable } = options;
    return {
      state: 'READY',
      value: spec,
      fingerprint: fingerprint({ comparable, checkServerIdentityOff, defaultFrom, envelopeFrom: smtp.envelopeFrom, oauth2: oauth2?.key ?? null }),
    };
  } catch (error) {
    return failure(error, 'outgoing');
  }
}

function incomingConnection(
  row: StoredMailSession,
  parsed: ParsedMailProperties,
  box: SecretBox,
  trust: TlsTrust,
  oauth2: ServerOAuth2 | undefined,
): BuildResult<MailboxConnection> {
  if (row.incomingHost === null) return { state: 'DISABLED', reason: 'no incoming host' };
  if (row.incomingAuthentication === 'OAUTH2' && !oauth2) return oauth2Unavailable(row, box, 'incoming');
  try {
    const options = row.incomingProtocol === 'IMAP' ? parsed.imap : parsed.pop3;
    const password = decryptPassword(box, row.incomingPassword, INCOMING_PASSWORD);
    const { checkServerIdentityOff, rejectUnauthorized, minVersion, maxVersion, servername } = tlsOptions(options, row.incomingHost, trust);
    const connection: MailboxConnection = {
      protocol: row.incomingProtocol,
      host: row.incomingHost,
      port: row.incomingPort,
      security: row.incomingSecurity,
      secure: row.incomingSecurity === 'TLS',
      startTls: row.incomingSecurity === 'STARTTLS' ? 'required' : row.incomingSecurity === 'STARTTLS_OPTIONAL' ? 'optional' : 'never',
      auth: row.incomingUser === null ? undefined : { user: row.incomingUser, pass: oauth2 ? '' : (password ?? '') },
      ...(oauth2 && row.incomingUser !== null && { oauth2: { user: row.incomingUser, tokens: oauth2.tokens, ...(oauth2.check && { check: oauth2.check }) } }),
      tls: {
        rejectUnauthorized: rejectUnauthorized ?? true,
        checkServerIdentity: !checkServerIdentityOff,
        ...(minVersion && { minVersion }),
        ...(maxVersion && { maxVersion }),
        ...(servername && { servername }),
        ...(trust.ca && { ca: trust.ca }),
      },
      connectionTimeout: options.connectionTimeout,
      socketTimeout: options.socketTimeout,
      deleteAfterFetch: row.incomingDeleteAfterFetch,
    };
    // The token source is an object of its own: the fingerprint takes its client's key instead.
    const { oauth2: signIn, ...comparable } = connection;
    return { state: 'READY', value: connection, fingerprint: fingerprint({ ...comparable, oauth2: signIn === undefined ? null : (oauth2?.key ?? null) }) };
  } catch (error) {
    return failure(error, 'incoming');
  }
}

/**
 * Builds both transports' configuration for one stored settings version. The only place where
 * stored passwords are decrypted. Never throws: a side that cannot be built is FAILED. The
 * outgoing transport connects only where `network` permits; every TLS connection trusts `trust`.
 */
export function buildTransports(
  row: StoredMailSession,
  box: SecretBox,
  log: Logger,
  network: NetworkPolicy,
  trust: TlsTrust = SYSTEM_TRUST,
  tokens: ServerTokenSources = {},
): BuiltTransports {
  let parsed: ParsedMailProperties;
  try {
    parsed = parseMailProperties(storedProperties(row), undefined, { outgoingAuthentication: row.outgoingAuthentication });
  } catch (error) {
    const failed = failure(error, 'additional properties');
    return { version: row.version, outgoing: failed, incoming: failed };
  }
  return {
    version: row.version,
    outgoing: outgoingSpec(row, parsed, box, log, network, trust, tokens.outgoing),
    incoming: incomingConnection(row, parsed, box, trust, tokens.incoming),
  };
}
