/**
 * The console checks each additional property row as you type (web/src/settings/property-check.ts)
 * and offers the supported keys (property-keys.ts). Both must say what the service says: the same
 * keys, and no row the console accepts that the service refuses.
 */
import { parseMailProperties, SUPPORTED_MAIL_PROPERTY_KEYS } from '../../src/javamail/mail-properties';
import { propertyProblems } from '../../web/src/settings/property-check';
import { PROPERTY_KEYS } from '../../web/src/settings/property-keys';

function serverAccepts(key: string, value: string): boolean {
  try {
    parseMailProperties([{ key, value }]);
    return true;
  } catch {
    return false;
  }
}

const SAMPLES: readonly string[] = [
  '10000',
  '0',
  '600000',
  '600001',
  '1.5',
  'true',
  'false',
  'TRUE',
  'yes',
  '*',
  'smtp.example.com',
  'smtp.example.com mail.example.org',
  'bad host!',
  'TLSv1.2',
  'TLSv1.2 TLSv1.3',
  'SSLv3',
  'TLSv1.2  TLSv1.3',
  'PLAIN',
  'PLAIN LOGIN',
  'XOAUTH2',
  'portal@example.org',
  'not an address',
  '',
];

describe('the console’s property rows', () => {
  it('offer exactly the keys the service supports, in its order', () => {
    expect([...PROPERTY_KEYS.keys()]).toEqual([...SUPPORTED_MAIL_PROPERTY_KEYS]);
  });

  it('refuse a key the service does not support, and point at the spelling it does', () => {
    expect(propertyProblems('mail.smtp.connectTimeout', '10').key).toMatch(/not a property this service supports/);
    expect(propertyProblems('mail.SMTP.timeout', '10').key).toBe('Keys are case-sensitive: did you mean mail.smtp.timeout?');
    expect(serverAccepts('mail.smtp.connectTimeout', '10')).toBe(false);
  });

  it.each(SUPPORTED_MAIL_PROPERTY_KEYS.map((key) => [key]))('accept no value of %s that the service refuses', (key) => {
    const disagreements = SAMPLES.filter((value) => Object.keys(propertyProblems(key, value)).length === 0 && !serverAccepts(key, value));
    expect(disagreements).toEqual([]);
  });

  it('accept the usual values the service accepts', () => {
    for (const [key, value] of [
      ['mail.smtp.connectiontimeout', '10000'],
      ['mail.smtp.ssl.trust', 'smtp.example.com'],
      ['mail.smtp.ssl.protocols', 'TLSv1.2 TLSv1.3'],
      ['mail.smtp.auth.mechanisms', 'PLAIN LOGIN'],
      ['mail.smtp.from', 'portal@example.org'],
      ['mail.imap.ssl.checkserveridentity', 'true'],
    ] as const) {
      expect([key, value, propertyProblems(key, value), serverAccepts(key, value)]).toEqual([key, value, {}, true]);
    }
  });
});
