// The JavaMail property keys the service supports, and what each takes: offered as you type
// (a datalist) and checked per row before Save, as the service checks them
// (src/javamail/mail-properties.keys.ts; test/console/property-keys.test.ts keeps the two equal).

export type PropertyValueKind = 'milliseconds' | 'boolean' | 'hosts' | 'protocols' | 'host' | 'address' | 'mechanisms' | 'folder';

const SIDE_KEYS: readonly (readonly [string, PropertyValueKind])[] = [
  ['connectiontimeout', 'milliseconds'],
  ['timeout', 'milliseconds'],
  ['writetimeout', 'milliseconds'],
  ['ssl.checkserveridentity', 'boolean'],
  ['ssl.trust', 'hosts'],
  ['ssl.protocols', 'protocols'],
];

const SMTP_ONLY: readonly (readonly [string, PropertyValueKind])[] = [
  ['localhost', 'host'],
  ['from', 'address'],
  ['auth', 'boolean'],
  ['auth.mechanisms', 'mechanisms'],
  ['auth.login.disable', 'boolean'],
  ['auth.plain.disable', 'boolean'],
];

/** Every supported key, in the service's order, with the kind of value it takes. */
export const PROPERTY_KEYS: ReadonlyMap<string, PropertyValueKind> = new Map([
  ['mail.debug', 'boolean'],
  ...[...SIDE_KEYS.slice(0, 3), ...SIDE_KEYS.slice(3), ...SMTP_ONLY].map(([suffix, kind]) => [`mail.smtp.${suffix}`, kind] as const),
  ...(['pop3', 'imap'] as const).flatMap((protocol) => SIDE_KEYS.map(([suffix, kind]) => [`mail.${protocol}.${suffix}`, kind] as const)),
  // IMAP only: the folder the incoming mail reader reads, and where it moves stored messages.
  ['mail.imap.folder', 'folder'],
  ['mail.imap.movetofolder', 'folder'],
]);

/** What a value of each kind looks like, as the datalist and the row's help say it. */
export const VALUE_HINTS: Readonly<Record<PropertyValueKind, string>> = {
  milliseconds: 'whole milliseconds, 1 to 600000',
  boolean: 'true or false',
  hosts: '*, or host names separated by spaces',
  protocols: 'TLSv1.2 TLSv1.3 (one or more of TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)',
  host: 'a host name or IP address',
  address: 'an e-mail address',
  mechanisms: 'one or more of PLAIN LOGIN CRAM-MD5',
  folder: 'an IMAP folder name such as INBOX/Replies, at most 200 characters, without * % " or \\',
};
