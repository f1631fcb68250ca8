import { parseMailPropertyLines } from '../../src/settings-source/property-lines';

/* MAIL_ADDITIONAL_PROPERTIES-style text: .properties lines read into additional properties, in order. */
describe('parseMailPropertyLines', () => {
  it('reads key=value, key: value and key value lines in order, trimmed, skipping comments and blank lines', () => {
    expect(parseMailPropertyLines('# timeouts\n mail.smtp.timeout = 1000 \n\n! other\nmail.smtp.localhost: app.example.com\nmail.debug true\\t')).toEqual([
      { key: 'mail.smtp.timeout', value: '1000' },
      { key: 'mail.smtp.localhost', value: 'app.example.com' },
      { key: 'mail.debug', value: 'true' },
    ]);
  });

  it('keeps repeated keys, leaving their refusal to parseMailProperties', () => {
    expect(parseMailPropertyLines('a=1\na=2')).toEqual([
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
    ]);
  });

  it('drops white space around a key even when it is escaped, as parseMailProperties would', () => {
    expect(parseMailPropertyLines('mail.smtp.timeout\\ = 1000\n\\tmail.smtp.localhost=app.example.com')).toEqual([
      { key: 'mail.smtp.timeout', value: '1000' },
      { key: 'mail.smtp.localhost', value: 'app.example.com' },
    ]);
  });

  it('reads nothing from empty text', () => {
    expect(parseMailPropertyLines('')).toEqual([]);
  });
});
