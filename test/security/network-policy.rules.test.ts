/**
 * Issue 10, class 4a: the network policy's rules on their own (pure), and its settings
 * (MAIL_NETWORK_DENY, MAIL_NETWORK_ALLOW). The connect-time behaviour is in network-policy.test.ts.
 */
import fc from 'fast-check';
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/env';
import {
  carriedIpv4,
  DEFAULT_NETWORK_DENY,
  DEFAULT_NETWORK_SETTINGS,
  formatCidr,
  formatIpAddress,
  NetworkPolicy,
  parseCidr,
  parseIpAddress,
} from '../../src/platform/network/network-policy';
import { configError } from '../support/config-error';

const byDefault = new NetworkPolicy(DEFAULT_NETWORK_SETTINGS);

const v4 = (value: number) => [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
const hex4 = (value: number) => `${((value >>> 16) & 0xffff).toString(16)}:${(value & 0xffff).toString(16)}`;

describe('the default deny list', () => {
  it.each([
    '169.254.169.254',
    '169.254.170.2',
    '169.254.0.1',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '239.255.255.250',
    '100.100.100.200',
    '192.0.0.192',
    '168.63.129.16',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    'fd00:ec2::254',
    'fd00:ec2::23',
    'fd20:ce::254',
    'fd00:42::42',
    // The same addresses in other spellings: judged as the IPv4 address they carry.
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '0000:0000:0000:0000:0000:ffff:169.254.169.254',
    '::FFFF:A9FE:A9FE',
    '::ffff:0.0.0.0',
    '::169.254.169.254',
    '::ffff:0:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b::169.254.169.254',
    '2002:a9fe:a9fe::1',
  ])('refuses %s', (address) => {
    expect(byDefault.judge(address)).toBe('DENIED');
  });

  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '::ffff:127.0.0.1',
    '10.0.0.25',
    '192.168.1.10',
    '8.8.8.8',
    '100.100.100.201',
    '2001:db8::25',
    '64:ff9b::808:808',
    'fd00:ec2::253',
  ])('allows %s (loopback and private networks stay usable)', (address) => {
    expect(byDefault.judge(address)).toBe('ALLOWED');
  });

  it.each(['localhost', 'mail.example.com', '127.1', '0x7f000001', '2130706433', '', '[::1]', '1.2.3.4.5'])(
    'judges no host name or odd spelling %j as an address',
    (text) => {
      expect(byDefault.judge(text)).toBe('NOT_AN_ADDRESS');
      expect(byDefault.permits(text)).toBe(false);
    },
  );

  it('lists exactly the documented networks', () => {
    expect(DEFAULT_NETWORK_DENY).toEqual([
      '0.0.0.0/8',
      '169.254.0.0/16',
      '169.254.169.254/32',
      '224.0.0.0/4',
      '100.100.100.200/32',
      '192.0.0.192/32',
      '168.63.129.16/32',
      '::/128',
      'fe80::/10',
      'ff00::/8',
      'fd00:ec2::254/128',
      'fd00:ec2::23/128',
      'fd20:ce::254/128',
      'fd00:42::42/128',
    ]);
  });
});

describe('an allow list', () => {
  const only = new NetworkPolicy({ deny: DEFAULT_NETWORK_DENY, allow: ['127.0.0.2/32', '2001:db8::/32', '169.254.0.0/16'] });

  it('permits only its networks, in any spelling of the address', () => {
    expect(only.judge('127.0.0.2')).toBe('ALLOWED');
    expect(only.judge('::ffff:127.0.0.2')).toBe('ALLOWED');
    expect(only.judge('::ffff:7f00:2')).toBe('ALLOWED');
    expect(only.judge('2001:db8::25')).toBe('ALLOWED');
    expect(only.judge('127.0.0.1')).toBe('NOT_IN_ALLOW_LIST');
    expect(only.judge('::1')).toBe('NOT_IN_ALLOW_LIST');
    expect(only.judge('::ffff:127.0.0.1')).toBe('NOT_IN_ALLOW_LIST');
  });

  it('never overrides the deny list', () => {
    expect(only.judge('169.254.169.254')).toBe('DENIED');
  });

  it('refuses a NAT64 or 6to4 address unless both the IPv6 address and the IPv4 one inside are allowed', () => {
    expect(only.judge('64:ff9b::7f00:2')).toBe('NOT_IN_ALLOW_LIST');
    expect(new NetworkPolicy({ deny: [], allow: ['64:ff9b::/96'] }).judge('64:ff9b::808:808')).toBe('NOT_IN_ALLOW_LIST');
    expect(new NetworkPolicy({ deny: [], allow: ['64:ff9b::/96', '8.8.8.0/24'] }).judge('64:ff9b::808:808')).toBe('ALLOWED');
    expect(new NetworkPolicy({ deny: [], allow: ['2002::/16', '127.0.0.0/8'] }).judge('2002:7f00:1::1')).toBe('ALLOWED');
    expect(new NetworkPolicy({ deny: ['127.0.0.0/8'] }).judge('2002:7f00:1::1')).toBe('DENIED');
    expect(new NetworkPolicy({ deny: ['8.8.8.0/24'], allow: ['64:ff9b::/96'] }).judge('64:ff9b::808:808')).toBe('DENIED');
  });

  it('sorts resolved addresses into those to connect to, written as judged, and a count of the refused', () => {
    expect(only.sort(['127.0.0.1', '::ffff:127.0.0.2', '169.254.169.254', '127.0.0.2'])).toEqual({
      permitted: ['0:0:0:0:0:ffff:7f00:2', '127.0.0.2'],
      refused: 2,
    });
    expect(byDefault.sort(['169.254.169.254', '0.0.0.0'])).toEqual({ permitted: [], refused: 2 });
  });
});

describe('addresses and networks, for any input', () => {
  const cidr4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([value, prefix]) => {
    const masked = prefix === 0 ? 0 : (value & (~0 << (32 - prefix))) >>> 0;
    return { text: `${v4(masked)}/${prefix}`, base: v4(masked), prefix };
  });

  it('judges every IPv4 address as node:net BlockList does, for any IPv4 network', () => {
    fc.assert(
      fc.property(fc.ipV4(), cidr4, (address, network) => {
        const list = new BlockList();
        list.addSubnet(network.base, network.prefix, 'ipv4');
        expect(new NetworkPolicy({ deny: [network.text] }).judge(address) === 'DENIED').toBe(list.check(address, 'ipv4'));
      }),
      { numRuns: 500 },
    );
  });

  it('judges every IPv6 address as node:net BlockList does, for any IPv6 network outside the IPv4-carrying ranges', () => {
    // Addresses that carry an IPv4 address are judged as it, on purpose: BlockList does not know NAT64, 6to4 or ::a.b.c.d.
    const plain = fc.ipV6().filter((address) => {
      const parsed = parseIpAddress(address);
      return parsed !== undefined && carriedIpv4(parsed) === undefined;
    });
    fc.assert(
      fc.property(plain, fc.ipV6(), fc.integer({ min: 0, max: 128 }), (address, networkAddress, prefix) => {
        const parsed = parseIpAddress(networkAddress);
        if (!parsed) return;
        const bits = BigInt(128 - prefix);
        const base = formatIpAddress({ family: 6, value: (parsed.value >> bits) << bits });
        const text = `${base}/${prefix}`;
        if (parseCidr(text).family === 4) return;
        const list = new BlockList();
        list.addSubnet(base, prefix, 'ipv6');
        expect(new NetworkPolicy({ deny: [text] }).judge(address) === 'DENIED').toBe(list.check(address, 'ipv6'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('judges an IPv4-mapped address, in every spelling, exactly as the IPv4 address it carries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.array(cidr4, { maxLength: 3 }), fc.array(cidr4, { maxLength: 3 }), (value, deny, allow) => {
        const policy = new NetworkPolicy({ deny: deny.map((c) => c.text), allow: allow.length > 0 ? allow.map((c) => c.text) : undefined });
        const plain = policy.judge(v4(value));
        for (const spelling of [`::ffff:${v4(value)}`, `::ffff:${hex4(value)}`, `0:0:0:0:0:ffff:${hex4(value)}`, `::ffff:0:${hex4(value)}`]) {
          expect(policy.judge(spelling)).toBe(plain);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes an address so that Node reads back the same address', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (text) => {
        const parsed = parseIpAddress(text);
        expect(parsed).toBeDefined();
        if (!parsed) return;
        const written = formatIpAddress(parsed);
        expect(isIP(written)).toBe(parsed.family);
        expect(parseIpAddress(written)).toEqual(parsed);
        const list = new BlockList();
        list.addAddress(text, parsed.family === 4 ? 'ipv4' : 'ipv6');
        expect(list.check(written, parsed.family === 4 ? 'ipv4' : 'ipv6')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any text, and judges what is not an address as NOT_AN_ADDRESS', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const verdict = byDefault.judge(text);
        if (isIP(text) === 0) expect(verdict).toBe('NOT_AN_ADDRESS');
      }),
    );
  });

  it('reads networks back as written', () => {
    fc.assert(
      fc.property(cidr4, (network) => {
        expect(formatCidr(parseCidr(network.text))).toBe(network.text);
      }),
    );
    expect(formatCidr(parseCidr('::ffff:10.0.0.0/104'))).toBe('10.0.0.0/8');
    expect(formatCidr(parseCidr('192.0.2.25'))).toBe('192.0.2.25/32');
    expect(formatCidr(parseCidr('fd00:ec2::254'))).toBe('fd00:ec2:0:0:0:0:0:254/128');
  });
});

describe('MAIL_NETWORK_DENY and MAIL_NETWORK_ALLOW', () => {
  const BASE = { NODE_ENV: 'test' };

  it('defaults to the default deny list and no allow list', () => {
    expect(loadConfig(BASE).networkPolicy).toEqual({ deny: DEFAULT_NETWORK_DENY });
    expect(loadConfig({ ...BASE, MAIL_NETWORK_DENY: '  ' }).networkPolicy).toEqual({ deny: DEFAULT_NETWORK_DENY });
  });

  it('replaces the deny list, adds to it with the keyword default, and empties it with none', () => {
    expect(loadConfig({ ...BASE, MAIL_NETWORK_DENY: '10.0.0.0/8, 192.0.2.25' }).networkPolicy.deny).toEqual(['10.0.0.0/8', '192.0.2.25/32']);
    expect(loadConfig({ ...BASE, MAIL_NETWORK_DENY: 'default,127.0.0.0/8' }).networkPolicy.deny).toEqual([...DEFAULT_NETWORK_DENY, '127.0.0.0/8']);
    expect(loadConfig({ ...BASE, MAIL_NETWORK_DENY: 'none' }).networkPolicy.deny).toEqual([]);
  });

  it('reads an allow list, keeping the default deny list', () => {
    expect(loadConfig({ ...BASE, MAIL_NETWORK_ALLOW: '127.0.0.2/32,2001:db8::/32' }).networkPolicy).toEqual({
      deny: DEFAULT_NETWORK_DENY,
      allow: ['127.0.0.2/32', '2001:db8:0:0:0:0:0:0/32'],
    });
  });

  it.each([
    ['MAIL_NETWORK_DENY', 'a host name', 'metadata.google.internal', /"metadata\.google\.internal": not an IP address/],
    ['MAIL_NETWORK_DENY', 'a prefix over 32', '10.0.0.0/33', /"10\.0\.0\.0\/33": the prefix must be a number from 0 to 32/],
    ['MAIL_NETWORK_DENY', 'host bits set', '10.0.0.1/8', /"10\.0\.0\.1\/8": address bits are set past the \/8 prefix \(the network would be 10\.0\.0\.0\/8\)/],
    ['MAIL_NETWORK_DENY', 'none among others', 'none,10.0.0.0/8', /"none": not an IP address/],
    ['MAIL_NETWORK_ALLOW', 'a netmask', '10.0.0.0/255.0.0.0', /"10\.0\.0\.0\/255\.0\.0\.0": the prefix must be/],
    ['MAIL_NETWORK_ALLOW', 'a bracketed IPv6 address', '[::1]/128', /"\[::1\]\/128": not an IP address/],
    ['MAIL_NETWORK_ALLOW', 'a zone', 'fe80::1%eth0', /"fe80::1%eth0": an IPv6 zone/],
    ['MAIL_NETWORK_ALLOW', 'only commas', ' , ,', /no networks given/],
    ['MAIL_NETWORK_ALLOW', 'the default keyword', 'default', /"default": not an IP address/],
    ['MAIL_NETWORK_DENY', 'an inherited property name', '__proto__', /"__proto__": not an IP address/],
    ['MAIL_NETWORK_DENY', 'another inherited property name', 'constructor', /"constructor": not an IP address/],
  ])('refuses %s with %s, naming the variable and the entry', (variable, _why, value, message) => {
    const error = configError(() => loadConfig({ ...BASE, [variable]: value }));
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('answers any value with a setting or a ConfigError that names the variable, never another error', () => {
    expect(configError(() => loadConfig({ ...BASE, MAIL_NETWORK_DENY: '\u0000'.repeat(200) })).message.length).toBeLessThan(300);
    fc.assert(
      fc.property(fc.constantFrom('MAIL_NETWORK_DENY', 'MAIL_NETWORK_ALLOW'), fc.string({ unit: 'binary', maxLength: 200 }), (variable, value) => {
        try {
          loadConfig({ ...BASE, [variable]: value });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message.startsWith(`${variable}: `)).toBe(true);
          expect((error as Error).message.length).toBeLessThan(300);
        }
      }),
      { numRuns: 300 },
    );
  });
});
