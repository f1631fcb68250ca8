import fc from 'fast-check';
import { parseMailProperties } from '../../src/javamail/mail-properties';
import { property, refusal } from './support';

/* mail.smtp.from: RFC 5321 limits a local part to 64 characters and an address to 254. */

const REFUSED = 'mail.smtp.from must be an e-mail address such as bounces@example.com';

function envelopeFrom(address: string): string | undefined {
  return parseMailProperties(property('mail.smtp.from', address)).smtp.envelopeFrom;
}

/** A domain of exactly `length` characters: labels of 63 `a`s and a short last label. */
function domainOf(length: number): string {
  const labels: string[] = [];
  let left = length;
  while (left > 64) {
    labels.push('a'.repeat(63));
    left -= 64;
  }
  labels.push('b'.repeat(left));
  return labels.join('.');
}

describe('envelope sender length limits', () => {
  it('accepts a one-character local part', () => {
    expect(envelopeFrom('a@example.com')).toBe('a@example.com');
    expect(envelopeFrom('!@example.com')).toBe('!@example.com');
  });

  it('refuses an address without a local part', () => {
    expect(refusal(property('mail.smtp.from', '@example.com')).message).toBe(REFUSED);
  });

  it('accepts a local part of 64 characters and refuses one of 65', () => {
    expect(envelopeFrom(`${'l'.repeat(64)}@example.com`)).toBe(`${'l'.repeat(64)}@example.com`);
    expect(refusal(property('mail.smtp.from', `${'l'.repeat(65)}@example.com`)).message).toBe(REFUSED);
  });

  it('accepts an address of 254 characters and refuses one of 255', () => {
    const at254 = `${'l'.repeat(60)}@${domainOf(254 - 61)}`;
    expect(at254).toHaveLength(254);
    expect(envelopeFrom(at254)).toBe(at254);
    const at255 = `${'l'.repeat(61)}@${domainOf(254 - 61)}`;
    expect(at255).toHaveLength(255);
    expect(refusal(property('mail.smtp.from', at255)).message).toBe(REFUSED);
  });

  it('reads the domain after the last @, so an @ in the local part is refused', () => {
    expect(refusal(property('mail.smtp.from', 'a@b@example.com')).message).toBe(REFUSED);
  });

  it('refuses an IP address as a bare domain and accepts it as an address literal', () => {
    expect(refusal(property('mail.smtp.from', 'ops@192.0.2.1')).message).toBe(REFUSED);
    expect(envelopeFrom('ops@[192.0.2.1]')).toBe('ops@[192.0.2.1]');
    expect(envelopeFrom('ops@[IPv6:2001:db8::1]')).toBe('ops@[IPv6:2001:db8::1]');
    expect(refusal(property('mail.smtp.from', 'ops@[IPv6:fe80::1%eth0]')).message).toBe(REFUSED);
    expect(refusal(property('mail.smtp.from', 'ops@[300.0.0.1]')).message).toBe(REFUSED);
    expect(refusal(property('mail.smtp.from', 'ops@[IPv6:192.0.2.1]')).message).toBe(REFUSED);
  });

  it('accepts every dot-atom local part of 1 to 64 characters', () => {
    const atext = fc.constantFrom(..."abcXYZ019!#$%&'*+/=?^_`{|}~-".split(''));
    const atom = fc.array(atext, { minLength: 1, maxLength: 10 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 6 }), (atoms) => {
        const local = atoms.join('.');
        fc.pre(local.length <= 64);
        expect(envelopeFrom(`${local}@example.com`)).toBe(`${local}@example.com`);
      }),
    );
  });

  it('refuses a local part that starts or ends with a dot or holds a space', () => {
    for (const local of ['.joe', 'joe.', 'jo e']) {
      expect(refusal(property('mail.smtp.from', `${local}@example.com`)).message).toBe(REFUSED);
    }
  });
});
