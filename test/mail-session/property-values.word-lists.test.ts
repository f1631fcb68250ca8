import { parseAuthMechanisms, parseEhloName, parseEnvelopeAddress, parseTlsVersions, parseTrustedHosts } from '../../src/javamail/mail-properties.values';

/*
 * `ssl.protocols`, `auth.mechanisms` and `ssl.trust` take lists of words. parseMailProperties trims
 * a value before it reaches these readers; on their own they read any white space as a separator.
 */

describe('lists of words in property values', () => {
  it('separates words by any run of white space, and ignores white space around the list', () => {
    expect(parseTlsVersions(' TLSv1.2 \t\n TLSv1.3 ')).toEqual({ ok: true, value: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' } });
    expect(parseAuthMechanisms('  cram-md5\t\tplain ')).toEqual({ ok: true, value: ['CRAM-MD5', 'PLAIN'] });
    expect(parseTrustedHosts(' a.example.com   B.example.com\t')).toEqual({ ok: true, value: ['a.example.com', 'b.example.com'] });
  });

  it('refuses a list without a word', () => {
    for (const text of ['', ' \t ']) {
      expect(parseTlsVersions(text)).toEqual({ ok: false, problem: 'must list at least one TLS version' });
      expect(parseAuthMechanisms(text)).toEqual({ ok: false, problem: 'must list at least one mechanism' });
    }
  });

  it('keeps mechanisms in the order first given, once each', () => {
    expect(parseAuthMechanisms('login PLAIN Login plain')).toEqual({ ok: true, value: ['LOGIN', 'PLAIN'] });
  });

  it('reads TLS versions in any order, repeated or not, as the range they cover', () => {
    expect(parseTlsVersions('TLSv1.3 TLSv1.2 TLSv1.3')).toEqual({ ok: true, value: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' } });
    expect(parseTlsVersions('TLSv1.1 TLSv1 TLSv1.3 TLSv1.2')).toEqual({ ok: true, value: { minVersion: 'TLSv1', maxVersion: 'TLSv1.3' } });
    expect(parseTlsVersions('TLSv1.1')).toEqual({ ok: true, value: { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' } });
  });

  it('names the TLS versions it knows when it refuses another', () => {
    expect(parseTlsVersions('TLSv1.2 SSLv3')).toEqual({
      ok: false,
      problem: 'must list TLS versions from TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, separated by spaces',
    });
  });
});

describe('address literals', () => {
  it('are a whole value in brackets, with nothing before or after them', () => {
    expect(parseEhloName('[192.0.2.1]')).toEqual({ ok: true, value: '[192.0.2.1]' });
    for (const text of ['mta[192.0.2.1]', '[192.0.2.1]mta', 'mta[IPv6:2001:db8::1]', '[IPv6:2001:db8::1]mta']) {
      expect(parseEhloName(text)).toEqual({ ok: false, problem: 'must be a host name or an IP address' });
    }
    expect(parseEnvelopeAddress('bounces@[192.0.2.1]').ok).toBe(true);
    expect(parseEnvelopeAddress('bounces@mx[192.0.2.1]').ok).toBe(false);
  });
});
