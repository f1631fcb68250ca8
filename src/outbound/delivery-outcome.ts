/**
 * What one delivery attempt came to, from nodemailer's answer or error: delivered (to all or some
 * recipients), worth another try later, or refused for good. Codes come from the one classifier
 * of mail failures (the connection test's), so an operator reads the same words in both places.
 */
import type { CheckFailureCode } from '../mail-check/check-step.js';
import { sendFailureVerdict, type Security } from '../mail-check/failure-classifier.js';
import { serverText } from '../mail-check/server-text.js';
import { AddressNotAllowedError } from '../platform/network/network-connect.js';
import { SmtpTokenAuthError } from '../transport/smtp-oauth2-auth.js';
import { TransportUnavailableError } from '../transport/transport-manager.js';

export interface RejectedRecipient {
  address: string;
  reply: string;
}

export interface DeliveryError {
  code: CheckFailureCode;
  message: string;
  /** The server's reply (masked, bounded); null when it gave none. */
  reply: string | null;
}

export type DeliveryOutcome =
  { kind: 'SENT'; accepted: string[]; rejected: RejectedRecipient[]; reply: string | null } | ({ kind: 'TRANSIENT' | 'PERMANENT' } & DeliveryError);

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined;
}

function stringField(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === 'string' ? found : undefined;
}

function addressesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((entry) => (typeof entry === 'string' ? entry : (stringField(entry, 'address') ?? String(entry)))) : [];
}

/** nodemailer's per-recipient refusals (`rejectedErrors`: each with `recipient` and `response`). */
function refusals(source: unknown): RejectedRecipient[] {
  const errors = field(source, 'rejectedErrors');
  const byAddress = new Map<string, string>();
  if (Array.isArray(errors)) {
    for (const error of errors) {
      const address = stringField(error, 'recipient');
      if (address) byAddress.set(address, serverText(stringField(error, 'response') ?? stringField(error, 'message') ?? ''));
    }
  }
  return addressesOf(field(source, 'rejected')).map((address) => ({ address, reply: byAddress.get(address) ?? '' }));
}

/** A successful send: 250 for the message, possibly after some recipients were refused. */
export function sentOutcome(info: unknown): DeliveryOutcome {
  const response = stringField(info, 'response');
  return {
    kind: 'SENT',
    accepted: addressesOf(field(info, 'accepted')),
    rejected: refusals(info),
    reply: response === undefined ? null : serverText(response),
  };
}

/** A 5xx at these stages is about this message (its sender, recipients or content): retrying will not help. */
const MESSAGE_STAGES = /^(MAIL|RCPT|DATA|MESSAGE|BDAT)/i;

/**
 * A failed send. Transient: a 4xx reply, no connection, a timeout, a closed connection, and
 * every problem of the settings or the server as a whole (transport DISABLED or FAILED, sign-in,
 * TLS, network policy), which an administrator can fix while the message waits. Permanent: a 5xx
 * reply to this message's envelope or content.
 */
export function failedOutcome(error: unknown, security: Security): DeliveryOutcome {
  if (error instanceof TransportUnavailableError) {
    return { kind: 'TRANSIENT', code: 'TRANSPORT_UNAVAILABLE', message: error.message, reply: null };
  }
  if (error instanceof AddressNotAllowedError) {
    return { kind: 'TRANSIENT', code: 'ADDRESS_NOT_ALLOWED', message: error.message, reply: null };
  }
  if (error instanceof SmtpTokenAuthError) {
    return { kind: 'TRANSIENT', code: error.refusedByServer ? 'AUTH_FAILED' : 'TOKEN_FAILED', message: serverText(error.message), reply: null };
  }
  const raw = stringField(error, 'response');
  const reply = raw === undefined ? null : serverText(raw);
  const responseCode = field(error, 'responseCode');
  const command = stringField(error, 'command') ?? '';
  const rejected = refusals(error);
  // Every recipient refused (EENVELOPE): permanent only if every refusal was a 5xx.
  const allRefusedFor5xx = rejected.length > 0 && rejected.every((entry) => entry.reply.startsWith('5'));
  const verdict = sendFailureVerdict(error, { security, response: reply ?? undefined, recipient: rejected[0]?.address });
  const permanent =
    (typeof responseCode === 'number' &&
      responseCode >= 500 &&
      responseCode < 600 &&
      MESSAGE_STAGES.test(command) &&
      (rejected.length === 0 || allRefusedFor5xx)) ||
    (rejected.length > 0 && allRefusedFor5xx && responseCode === undefined);
  const message = rejected.length > 0 ? `${verdict.message} (${rejected.map((entry) => `${entry.address}: ${entry.reply}`).join('; ')})` : verdict.message;
  return { kind: permanent ? 'PERMANENT' : 'TRANSIENT', code: verdict.code, message: serverText(message), reply };
}
