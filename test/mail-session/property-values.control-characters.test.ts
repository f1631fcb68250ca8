import fc from 'fast-check';
import { parseMailProperties, SUPPORTED_MAIL_PROPERTY_KEYS } from '../../src/javamail/mail-properties';
import { property, refusal } from './support';

/*
 * A line break in a value would let it inject protocol lines, and trimming would hide one at
 * either end: the guard must refuse the raw value before it is trimmed, with its own message.
 */

/** Control characters other than TAB: C0 without TAB, and DEL. */
const CONTROL = [...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).filter((c) => c !== '\t'), '\u007f'];

const VALID_VALUE: Record<string, string> = {
  'mail.debug': 'true',
  'mail.smtp.timeout': '30000',
  'mail.smtp.ssl.trust': 'smtp.example.com',
  'mail.smtp.from': 'bounces@example.com',
  'mail.smtp.auth.mechanisms': 'PLAIN',
};

describe('control characters in additional properties', () => {
  it('refuses a value with a control character at its start or end, which trimming would otherwise remove', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(VALID_VALUE)), fc.constantFrom(...CONTROL), fc.boolean(), (key, control, atEnd) => {
        const valid = VALID_VALUE[key] ?? '';
        const error = refusal(property(key, atEnd ? `${valid}${control}` : `${control}${valid}`));
        expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
        expect(error.message).toBe(`The value of ${key} contains a line break or another control character`);
      }),
    );
  });

  it('refuses CR LF at the end of a value, the shape of a header injection', () => {
    const error = refusal(property('mail.smtp.from', 'bounces@example.com\r\n'));
    expect(error.message).toBe('The value of mail.smtp.from contains a line break or another control character');
  });

  it('accepts tabs and spaces around a value and trims them', () => {
    expect(parseMailProperties(property('mail.smtp.timeout', '\t 30000 \t')).smtp.socketTimeout).toBe(30000);
  });

  it('does not call printable characters control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), (text) => {
        fc.pre(!/[\u0000-\u0008\u000a-\u001f\u007f]/.test(text));
        let message = '';
        try {
          parseMailProperties(property('mail.smtp.localhost', `x${text}x`));
        } catch (error) {
          message = error instanceof Error ? error.message : '';
        }
        expect(message).not.toContain('control character');
      }),
    );
  });

  it('refuses a key with a control character at its start or end, before trimming it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_MAIL_PROPERTY_KEYS), fc.constantFrom(...CONTROL), fc.boolean(), (key, control, atEnd) => {
        const error = refusal([{ key: atEnd ? `${key}${control}` : `${control}${key}`, value: 'true' }]);
        expect(error.extensions.field).toEqual(['additionalProperties', 0, 'key']);
        expect(error.message).toBe('A property key contains a line break or another control character');
      }),
    );
  });

  it('accepts a key of 200 characters after trimming and refuses one of 201', () => {
    const padded = `  mail.smtp.timeout${' '.repeat(200 - 'mail.smtp.timeout'.length)}`;
    // Trimmed, the padded key is the supported key itself.
    expect(parseMailProperties([{ key: padded, value: '1' }]).smtp.greetingTimeout).toBe(1);
    const long = refusal([{ key: `mail.smtp.${'x'.repeat(191)}`, value: '1' }]);
    expect(long.message).toBe('A property key is longer than 200 characters');
    const ok = refusal([{ key: `mail.smtp.${'x'.repeat(190)}`, value: '1' }]);
    expect(ok.message).toContain('is not a supported property');
  });

  it('refuses an empty or blank key', () => {
    for (const key of ['', '   ', '\t']) {
      const error = refusal([{ key, value: '1' }]);
      expect(error.extensions.field).toEqual(['additionalProperties', 0, 'key']);
      expect(error.message).toBe('A property key is empty');
    }
  });

  it('refuses a blank value, naming the key', () => {
    const error = refusal(property('mail.smtp.timeout', ' \t '));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toBe('mail.smtp.timeout has no value');
  });
});
