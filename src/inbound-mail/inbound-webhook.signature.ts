/**
 * The webhook's signature, as Stripe signs its events: header `Mail-Session-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with INBOUND_WEBHOOK_SECRET>`. The
 * timestamp is signed with the body, so a receiver that refuses old timestamps refuses replays.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature. */
export const SIGNATURE_HEADER = 'Mail-Session-Signature';

/** How far a receiver should let `t` be from its own clock, as Stripe's libraries default to. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type SignatureVerdict = 'VALID' | 'MALFORMED' | 'MISMATCH' | 'TOO_OLD';

/**
 * What a receiver does (the README shows the same steps): read `t` and every `v1`, refuse a `t`
 * more than `toleranceSeconds` from now, compare each `v1` in constant time with the HMAC of
 * `<t>.<raw body>`. The body must be the bytes received, not re-serialized JSON.
 */
export function verifySignature(
  header: string | undefined,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureVerdict {
  if (header === undefined) return 'MALFORMED';
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  const [stamp] = timestamps;
  if (timestamps.length !== 1 || stamp === undefined || !/^\d{1,12}$/.test(stamp) || signatures.length === 0) return 'MALFORMED';
  const timestamp = Number(stamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'TOO_OLD';
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]{64}$/.test(signature)) return false;
    return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
  });
  return matches ? 'VALID' : 'MISMATCH';
}
