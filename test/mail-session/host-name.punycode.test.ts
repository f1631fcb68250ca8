import { invalidPunycodeLabel, isHostName } from '../../src/javamail/host-name';

describe('internationalized host names written in punycode (xn-- labels)', () => {
  it.each([
    ['xn--bcher-kva.example', 'bücher.example'],
    ['XN--BCHER-KVA.example', 'the same name in capitals'],
    ['mail.xn--mnchen-3ya.de', 'münchen.de'],
    ['xn--55qx5d.cn', '公司.cn'],
    ['smtp.xn--ls8h.la', 'an emoji label'],
  ])('accepts %s (%s)', (name) => {
    expect(invalidPunycodeLabel(name)).toBeUndefined();
    expect(isHostName(name)).toBe(true);
  });

  it.each([
    ['xn--zz', 'xn--zz', 'does not decode'],
    ['smtp.xn--zz.example.com', 'xn--zz', 'does not decode, in the middle of a name'],
    ['xn--a.example', 'xn--a', 'does not decode'],
    ['xn--abc-.example', 'xn--abc-', 'decodes to plain ASCII, which is not written with xn--'],
    ['mail.XN--A-ECP.ru', 'XN--A-ECP', 'decodes to something that does not encode back to it'],
  ])('refuses %s, naming the label %s (it %s)', (name, label) => {
    expect(invalidPunycodeLabel(name)).toBe(label);
    expect(isHostName(name)).toBe(false);
  });

  it('names the first bad label when there are two', () => {
    expect(invalidPunycodeLabel('xn--bcher-kva.xn--zz.xn--a.example')).toBe('xn--zz');
  });

  it.each(['ab--cd.example', 'xn-bcher.example', 'axn--zz.example', 'smtp.example.com'])(
    'leaves %s alone: only labels that start with xn-- are punycode',
    (name) => {
      expect(invalidPunycodeLabel(name)).toBeUndefined();
      expect(isHostName(name)).toBe(true);
    },
  );
});
