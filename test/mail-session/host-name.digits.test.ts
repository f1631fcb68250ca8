import fc from 'fast-check';
import { isHostName } from '../../src/javamail/host-name';
import { label } from './support';

/*
 * Only a last label that reads as a number (decimal, or 0x hex) is refused: one that merely
 * starts or ends with a digit is a host name like any other.
 */
describe('host names with digits', () => {
  it.each(['mx01', 'mx01.example.com', 'smtp.example.a1', 'mail.1und1', 'relay.0xg', 'a', '9a', 'a9', 'x.0x7g'])('accepts %s', (name) => {
    expect(isHostName(name)).toBe(true);
  });

  it.each(['1', 'mail.42', 'mail.0x', 'mail.0X1F', 'mail.0xAbC', '00'])('refuses %s, whose last label reads as a number', (name) => {
    expect(isHostName(name)).toBe(false);
  });

  it('accepts any name whose last label holds a letter other than a hex digit after a 0x prefix', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 3 }), label, fc.constantFrom(...'ghijklmnopqrstuvwyzGHZ'.split('')), fc.nat(), (labels, last, letter, at) => {
        const position = at % (last.length + 1);
        const top = `${last.slice(0, position)}${letter}${last.slice(position)}`.slice(0, 63);
        fc.pre(/[g-zG-Z]/.test(top) && /^[A-Za-z0-9]/.test(top) && /[A-Za-z0-9]$/.test(top));
        const name = [...labels, top].join('.');
        fc.pre(name.length <= 253);
        expect(isHostName(name)).toBe(true);
      }),
    );
  });

  it('refuses any name whose last label is a decimal or 0x number', () => {
    fc.assert(
      fc.property(
        fc.array(label, { maxLength: 3 }),
        fc.oneof(fc.stringMatching(/^[0-9]{1,20}$/), fc.stringMatching(/^0[xX][0-9A-Fa-f]{0,20}$/)),
        (labels, top) => {
          const name = [...labels, top].join('.');
          fc.pre(!isIPv4Like(name));
          expect(isHostName(name)).toBe(false);
        },
      ),
    );
  });
});

/** A dotted quad is an address, accepted for another reason. */
function isIPv4Like(name: string): boolean {
  return /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/.test(name);
}
