/**
 * Masks a password in text a mail server sent. A server may echo what it was sent (`-ERR bad
 * PASS hunter2`, an SMTP 535 quoting the AUTH PLAIN blob), so its text is masked before it is
 * shown to a client or logged: the password as sent in clear (POP3 PASS, IMAP LOGIN), and its
 * base64 forms (AUTH LOGIN, AUTH PLAIN's `\0user\0password`, XOAUTH2's token). Pure.
 */

export const MASK = '[masked]';

/** The credentials whose password is masked; the user name is needed for the PLAIN and XOAUTH2 forms. */
export interface MaskedCredentials {
  user: string;
  pass: string;
}

const b64 = (bytes: Buffer): string => bytes.toString('base64');

/**
 * The password's bytes at each of the three alignments base64 can put them in, reduced to the
 * characters that depend on those bytes alone: they appear in any base64 text that carries the
 * password, whatever comes before or after it. Too short a core would mask unrelated text.
 */
function base64Cores(password: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = b64(Buffer.concat([Buffer.alloc(offset), password]));
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + password.length)) / 6));
    if (core.length >= 6) cores.push(core);
  }
  return cores;
}

/** Every form of the password to mask, longest first so that a longer form is masked whole. */
export function secretForms(credentials: MaskedCredentials | undefined): string[] {
  if (!credentials || credentials.pass === '') return [];
  const { user, pass } = credentials;
  const bytes = Buffer.from(pass, 'utf8');
  const forms = new Set<string>([
    pass,
    // Peer text is read as latin1 (octet per character): a non-ASCII password arrives so, or
    // encoded twice by a server that took the octets for latin1.
    bytes.toString('latin1'),
    Buffer.from(bytes.toString('latin1'), 'utf8').toString('latin1'),
    // IMAP quoted string.
    pass.replace(/[\\"]/g, '\\$&'),
    b64(bytes),
    b64(Buffer.from(`\0${user}\0${pass}`, 'utf8')),
    b64(Buffer.from(`${user}\0${user}\0${pass}`, 'utf8')),
    b64(Buffer.from(`user=${user}\x01auth=Bearer ${pass}\x01\x01`, 'utf8')),
    ...base64Cores(bytes),
  ]);
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every form in `forms` replaced by `[masked]`. */
export function maskSecrets(text: string, forms: readonly string[]): string {
  let masked = text;
  for (const form of forms) if (masked.includes(form)) masked = masked.split(form).join(MASK);
  return masked;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Level = (typeof LEVELS)[number];
/** The logger shape nodemailer calls: `logger[level](entry, message, ...args)`, as pino's. */
export type LevelLogger = Record<Level, (entry: object, message?: string, ...args: unknown[]) => void>;

/** Masks every string in a log entry (nested objects and arrays included). */
function maskValue(value: unknown, forms: readonly string[]): unknown {
  if (typeof value === 'string') return maskSecrets(value, forms);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, forms));
  if (value instanceof Error) return maskValue(Object.assign({}, value, { type: value.name, message: value.message }), forms);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskValue(item, forms)]));
  return value;
}

/**
 * A logger that masks the password's forms in every entry before `target` writes it: for
 * nodemailer's debug log (`mail.debug`), which writes each server reply as it comes.
 */
export function maskingLogger(target: LevelLogger, forms: readonly string[]): LevelLogger {
  const level =
    (name: Level) =>
    (entry: object, message?: string, ...args: unknown[]): void =>
      target[name](
        maskValue(entry, forms) as object,
        message === undefined ? undefined : maskSecrets(message, forms),
        ...args.map((arg) => maskValue(arg, forms)),
      );
  return Object.fromEntries(LEVELS.map((name) => [name, level(name)])) as LevelLogger;
}
