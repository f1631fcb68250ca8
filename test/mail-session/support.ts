import fc from 'fast-check';
import { BadUserInputError } from '../../src/platform/errors/domain-errors';
import { parseMailProperties } from '../../src/javamail/mail-properties';
import type { IncomingSettings, MailProperty, MailSettings, OutgoingSettings } from '../../src/mail-settings/mail-session.model';

const LOWER = 'abcdefghijklmnopqrstuvwxyz'.split('');
const LETTERS_DIGITS = [...LOWER, ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')];
const alnum = fc.constantFrom(...LETTERS_DIGITS);
const inner = fc.constantFrom(...LETTERS_DIGITS, '-');

/** A valid label: 1 to 63 letters, digits and inner hyphens. */
export const label = fc
  .tuple(alnum, fc.array(inner, { maxLength: 61 }), alnum, fc.boolean())
  .map(([first, middle, last, single]) => (single ? first : first + middle.join('') + last));

/**
 * A valid last label: ends in a letter that is neither a hex digit nor `x`, so it cannot read as
 * a number (`0x` alone is zero to a resolver).
 */
export const topLabel = fc
  .tuple(label, fc.constantFrom(...'ghijklmnopqrstuvwyz'.split('')))
  .map(([l, letter]) => (l.length < 63 ? `${l}${letter}` : `${l.slice(0, 62)}${letter}`));

/** A valid RFC 1123 host name. */
export const hostName = fc
  .tuple(fc.array(label, { maxLength: 4 }), topLabel)
  .map(([labels, top]) => [...labels, top].join('.'))
  .filter((name) => name.length <= 253);

/** The BAD_USER_INPUT error `run` throws; fails the test when it throws none (or another error). */
export function badUserInputOf(run: () => unknown, what = 'the change'): BadUserInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error(`expected BAD_USER_INPUT, but ${what} was accepted`);
}

/** The error `parseMailProperties` throws for `properties`; fails the test when it throws none. */
export function refusal(properties: MailProperty[], fieldPath?: string): BadUserInputError {
  return badUserInputOf(() => parseMailProperties(properties, fieldPath), `the properties ${JSON.stringify(properties)}`);
}

/** A one-property list. */
export function property(key: string, value: string): MailProperty[] {
  return [{ key, value }];
}

/** Settings that draw no warning: both servers on their TLS ports, messages deleted once fetched. */
export function settings(changes: { outgoing?: Partial<OutgoingSettings>; incoming?: Partial<IncomingSettings> } = {}): MailSettings {
  return {
    outgoing: {
      host: 'smtp.example.com',
      port: 465,
      security: 'TLS',
      user: 'app',
      passwordSet: true,
      authentication: 'PASSWORD',
      oauth2: null,
      ...changes.outgoing,
    },
    incoming: {
      host: 'imap.example.com',
      port: 993,
      security: 'TLS',
      user: 'app',
      passwordSet: true,
      authentication: 'PASSWORD',
      oauth2: null,
      protocol: 'IMAP',
      deleteAfterFetch: true,
      ...changes.incoming,
    },
    additionalProperties: [],
    defaultSender: { name: null, address: null },
  };
}
