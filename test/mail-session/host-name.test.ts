import fc from 'fast-check';
import { isHostName, isLocalHost } from '../../src/javamail/host-name';
import { hostName, label, topLabel } from './support';

describe('isHostName', () => {
  it.each([
    'localhost',
    'mailhog',
    'smtp.gmail.com',
    'pop.gmail.com',
    'a-b.example',
    'xn--bcher-kva.example',
    '1.2.3.4',
    '::1',
    '2001:db8::25',
    '::ffff:192.0.2.1',
    '3com.com',
    'a.b.c.d.e.f',
  ])('accepts %s', (value) => {
    expect(isHostName(value)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['an all-numeric top-level label', '1.2.3.999'],
    ['a shortened IPv4 address, which resolvers read as 127.0.0.1', '127.1'],
    ['a hexadecimal number, which resolvers read as an IPv4 address', '0x7f000001'],
    ['a single all-numeric label', '12345'],
    ['a last label of 0x, which resolvers read as zero', 'mail.0x'],
    ['an IPv4 address with a leading zero', '01.2.3.4'],
    ['a trailing dot', 'smtp.example.com.'],
    ['a leading dot', '.example.com'],
    ['an empty label', 'smtp..example.com'],
    ['a bracketed IPv6 address', '[::1]'],
    ['an IPv6 address with a zone', 'fe80::1%eth0'],
    ['an underscore', 'smtp_relay.example.com'],
    ['a leading hyphen', '-smtp.example.com'],
    ['a trailing hyphen in a label', 'smtp-.example.com'],
    ['a port', 'smtp.example.com:587'],
    ['a URL', 'smtp://smtp.example.com'],
    ['an e-mail address', 'joe@example.com'],
    ['a non-ASCII name', 'bücher.example'],
    ['surrounding spaces', ' smtp.example.com '],
    ['a trailing newline', 'smtp.example.com\n'],
  ])('refuses %s', (_what, value) => {
    expect(isHostName(value)).toBe(false);
  });

  it('accepts a 63-character label and refuses a 64-character one', () => {
    expect(isHostName(`${'a'.repeat(63)}.example`)).toBe(true);
    expect(isHostName(`${'a'.repeat(64)}.example`)).toBe(false);
  });

  it('accepts a 253-character name and refuses a 254-character one', () => {
    const name253 = [...Array<string>(3).fill('a'.repeat(63)), 'b'.repeat(61)].join('.');
    expect(name253).toHaveLength(253);
    expect(isHostName(name253)).toBe(true);
    expect(isHostName(`${name253}c`)).toBe(false);
  });

  it('accepts every name built from valid labels', () => {
    fc.assert(
      fc.property(hostName, (name) => {
        expect(isHostName(name)).toBe(true);
      }),
    );
  });

  it('refuses any valid name with a CR, LF, space, tab or underscore inserted', () => {
    fc.assert(
      fc.property(hostName, fc.constantFrom('\r', '\n', '\r\n', ' ', '\t', '_', '\u0000'), fc.nat(), (name, bad, at) => {
        const position = at % (name.length + 1);
        expect(isHostName(name.slice(0, position) + bad + name.slice(position))).toBe(false);
      }),
    );
  });

  it('refuses any name with a label that starts or ends with a hyphen', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 3 }), label, topLabel, fc.boolean(), (before, middle, top, leading) => {
        const broken = leading ? `-${middle}` : `${middle}-`;
        expect(isHostName([...before, broken, top].join('.'))).toBe(false);
      }),
    );
  });

  it('refuses any name with a label longer than 63 characters', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 2 }), fc.integer({ min: 64, max: 200 }), topLabel, (before, length, top) => {
        expect(isHostName([...before, 'x'.repeat(length), top].join('.'))).toBe(false);
      }),
    );
  });

  it('refuses any name whose last label is all digits, unless it is an IPv4 address', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[0-9]{1,5}$/), (labels, top) => {
        const name = [...labels, top].join('.');
        fc.pre(!/^(\d+\.){3}\d+$/.test(name));
        expect(isHostName(name)).toBe(false);
      }),
    );
  });

  it('accepts every IPv4 and IPv6 address fast-check generates', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (address) => {
        expect(isHostName(address)).toBe(true);
      }),
    );
  });
});

describe('isLocalHost', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'mail.localhost', '127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    'treats %s as this machine',
    (host) => {
      expect(isLocalHost(host)).toBe(true);
    },
  );

  it.each(['smtp.example.com', 'localhost.example.com', 'notlocalhost', '128.0.0.1', '126.255.255.255', '10.0.0.1', '::2', '::ffff:10.0.0.1', '192.168.1.1'])(
    'treats %s as another machine',
    (host) => {
      expect(isLocalHost(host)).toBe(false);
    },
  );

  it('treats every address in 127.0.0.0/8 as this machine and every other IPv4 address as not', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(isLocalHost(address)).toBe(address.startsWith('127.'));
      }),
    );
  });
});
