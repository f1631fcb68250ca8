import { parseMailProperties } from '../../src/javamail/mail-properties';
import { property, refusal } from './support';

describe('the IMAP folder keys of the incoming mail reader', () => {
  it('read a folder name, non-ASCII and hierarchy included', () => {
    expect(parseMailProperties(property('mail.imap.folder', ' INBOX/Réponses ')).imap.folder).toBe('INBOX/Réponses');
    expect(parseMailProperties(property('mail.imap.movetofolder', 'Archive.2026')).imap.moveToFolder).toBe('Archive.2026');
  });

  it.each(['*', 'INBOX/%', 'a"b', 'a\\\\b', 'x'.repeat(201)])('refuse %j, which names no one folder', (value) => {
    const error = refusal(property('mail.imap.folder', value));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toMatch(/^mail\.imap\.folder must be/);
  });

  it.each(['mail.pop3.folder', 'mail.smtp.folder', 'mail.pop3.movetofolder', 'mail.smtp.movetofolder'])('exist for IMAP only: %s is refused', (key) => {
    expect(refusal(property(key, 'INBOX')).message).toContain('is not a supported property');
  });
});
