/**
 * The OAuth 2.0 client of a settings row's server, its secrets decrypted with their contexts.
 * The only place where stored OAuth 2.0 secrets are decrypted.
 */
import type { OAuth2Client } from '../oauth2/oauth2-client.js';
import { authenticationColumn, oauth2Column, oauth2SecretContext, type OAuth2SecretField, type Side } from '../mail-settings/mail-session.oauth2-columns.js';
import type { StoredMailSession } from '../mail-settings/mail-session.row.js';
import type { SecretBox } from '../platform/secrets/secret-box.js';

function userOf(row: StoredMailSession, side: Side): string | null {
  return side === 'outgoing' ? row.outgoingUser : row.incomingUser;
}

function secret(row: StoredMailSession, box: SecretBox, side: Side, field: OAuth2SecretField): string | undefined {
  const stored = row[oauth2Column(side, field)];
  return stored === null ? undefined : box.decrypt(stored, oauth2SecretContext(side, field));
}

/**
 * The OAuth 2.0 client of one server, or undefined when the server signs in with a password or
 * its client is incomplete (no grant, token URL, client id or user; the transport then fails).
 * Throws SecretBoxError when a secret cannot be decrypted.
 */
export function oauth2ClientOf(row: StoredMailSession, box: SecretBox, side: Side): OAuth2Client | undefined {
  if (row[authenticationColumn(side)] !== 'OAUTH2') return undefined;
  const grant = row[oauth2Column(side, 'grant')];
  const tokenUrl = row[oauth2Column(side, 'tokenUrl')];
  const clientId = row[oauth2Column(side, 'clientId')];
  const user = userOf(row, side);
  if (grant === null || tokenUrl === null || clientId === null || user === null) return undefined;
  return {
    grant,
    tokenUrl,
    clientId,
    scope: row[oauth2Column(side, 'scope')],
    clientSecret: secret(row, box, side, 'clientSecret'),
    refreshToken: secret(row, box, side, 'refreshToken'),
    privateKey: secret(row, box, side, 'privateKey'),
    serviceAccountEmail: row[oauth2Column(side, 'serviceAccountEmail')] ?? undefined,
    user,
  };
}
