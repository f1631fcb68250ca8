import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from '../../src/inbound-mail/inbound-webhook.signature';

const SECRET = 'whsec_test_0123456789abcdef0123456789';
const BODY = '{"inboundMessageReceived":{"id":"abc","subject":"Grüße"}}';
const T = 1_796_450_000;

describe('the webhook signature (Mail-Session-Signature, as Stripe signs)', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`, 'utf8').digest('hex');
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${expected}`);
  });

  it('verifies within the tolerance and refuses a changed body, another secret, an old or future timestamp', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifySignature(header, BODY, SECRET, T + 299)).toBe('VALID');
    expect(verifySignature(header, BODY.replace('abc', 'abd'), SECRET, T)).toBe('MISMATCH');
    expect(verifySignature(header, BODY, `${SECRET}x`, T)).toBe('MISMATCH');
    expect(verifySignature(header, BODY, SECRET, T + 301)).toBe('TOO_OLD');
    expect(verifySignature(header, BODY, SECRET, T - 301)).toBe('TOO_OLD');
    // A replay with a fresh timestamp but the old signature does not verify: t is signed.
    expect(verifySignature(header.replace(`t=${T}`, `t=${T + 600}`), BODY, SECRET, T + 600)).toBe('MISMATCH');
  });

  it('accepts any one matching v1 (a receiver rolling its secret), and refuses malformed headers', () => {
    const good = signatureHeader(SECRET, T, BODY).split(',')[1];
    expect(verifySignature(`t=${T},v1=${'0'.repeat(64)},${good}`, BODY, SECRET, T)).toBe('VALID');
    for (const header of [undefined, '', `v1=${'0'.repeat(64)}`, `t=${T}`, `t=abc,${good}`, `t=${T},t=${T},${good}`]) {
      expect(verifySignature(header, BODY, SECRET, T)).toBe('MALFORMED');
    }
    expect(verifySignature(`t=${T},v1=zz`, BODY, SECRET, T)).toBe('MISMATCH');
  });
});
