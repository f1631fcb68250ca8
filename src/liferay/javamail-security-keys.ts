import type { ConnectionSecurity } from '../mail-settings/mail-session.model.js';
import { SourceProblem, sourceFlag, sourcePort } from '../settings-source/source-settings.js';

/*
 * The JavaMail keys of a Liferay file that decide how a connection is secured, read as JavaMail
 * reads them (com.sun.mail.util.SocketFetcher, com.sun.mail.smtp.SMTPTransport):
 *
 * - `socketFactory.class=javax.net.ssl.SSLSocketFactory` opens every connection with a TLS
 *   handshake: implicit TLS, whatever `ssl.enable` and the protocol name say.
 * - `socketFactory.port` is the port JavaMail connects to when a socket factory is set, in place
 *   of `<p>.port`; without a factory it is not read.
 * - `socketFactory.fallback` (default true) makes JavaMail, when the factory's connection fails
 *   (a refused certificate included), connect again to `<p>.port` without TLS and carry on, with
 *   the password in clear text. This service never does that.
 * - `starttls.enable`/`starttls.required` are skipped on a connection that is TLS already
 *   ("STARTTLS requested but already using SSL").
 */

/** The JavaMail protocol names whose keys a Liferay file may hold. */
export type JavaMailProtocol = 'smtp' | 'pop3' | 'imap';

/** The one socket factory class this service can stand in for. */
export const SSL_SOCKET_FACTORY = 'javax.net.ssl.SSLSocketFactory';

/** Where a key was read: its name as the file spells it, and its line. */
export interface KeyPlace {
  key: string;
  line: number | undefined;
}

/** A key that was read and has no effect here, with the reason; logged by name, never its value. */
export interface KeyWithoutEffect {
  key: string;
  reason: string;
}

const SECURITY_SUFFIXES = [
  'ssl.enable',
  'starttls.enable',
  'starttls.required',
  'socketFactory.class',
  'socketFactory.port',
  'socketFactory.fallback',
] as const;

/** What follows `mail.<protocol>.` in a key that decides how a connection is secured. */
export type SecuritySuffix = (typeof SECURITY_SUFFIXES)[number];

function isSecuritySuffix(suffix: string | undefined): suffix is SecuritySuffix {
  return (SECURITY_SUFFIXES as readonly (string | undefined)[]).includes(suffix);
}

const PROTOCOL_KEY = /^mail\.(smtp|pop3|imap)\.(.+)$/;

/** The protocol and the suffix (what follows `mail.<protocol>.`) of a JavaMail security key, or undefined for any other key. */
export function securityKeyOf(javaMailKey: string): { protocol: JavaMailProtocol; suffix: SecuritySuffix } | undefined {
  const match = PROTOCOL_KEY.exec(javaMailKey);
  if (match === null) return undefined;
  const [, protocol, suffix] = match;
  return isSecuritySuffix(suffix) ? { protocol: protocol as JavaMailProtocol, suffix } : undefined;
}

/** What one protocol's security keys say. */
export interface SecurityFlags {
  sslEnable?: boolean;
  startTlsEnable?: boolean;
  startTlsRequired?: boolean;
  /** `socketFactory.class=javax.net.ssl.SSLSocketFactory`. */
  sslSocketFactory?: KeyPlace;
  socketFactoryPort?: KeyPlace & { port: number };
  socketFactoryFallback?: KeyPlace & { value: boolean };
  /** The first security key read (`name`: its JavaMail name), for an error about the protocol as a whole; set by the caller. */
  first?: KeyPlace & { name: string };
}

/**
 * Reads `suffix` (what follows `mail.<protocol>.`, see {@link securityKeyOf}) into `flags`.
 * `place.key` is the name errors give.
 *
 * @throws SourceProblem for a value JavaMail would not read the same way.
 */
export function readSecurityKey(suffix: SecuritySuffix, raw: string, place: KeyPlace, flags: SecurityFlags): void {
  const { key, line } = place;
  switch (suffix) {
    case 'ssl.enable':
      flags.sslEnable = sourceFlag(key, raw, line);
      break;
    case 'starttls.enable':
      flags.startTlsEnable = sourceFlag(key, raw, line);
      break;
    case 'starttls.required':
      flags.startTlsRequired = sourceFlag(key, raw, line);
      break;
    case 'socketFactory.class':
      if (raw !== SSL_SOCKET_FACTORY) {
        throw new SourceProblem(
          key,
          `${SSL_SOCKET_FACTORY} (TLS from the first byte) is the only socket factory this service can stand in for; it runs no Java class, so a factory's own trust and connection rules would be lost`,
          line,
        );
      }
      flags.sslSocketFactory = place;
      break;
    case 'socketFactory.port':
      flags.socketFactoryPort = { ...place, port: sourcePort(key, raw, line) };
      break;
    case 'socketFactory.fallback':
      flags.socketFactoryFallback = { ...place, value: sourceFlag(key, raw, line) };
      break;
  }
}

/** Later keys win, as in Liferay, which applies the advanced properties over the file's own keys. */
export function mergeFlags(earlier: SecurityFlags, later: SecurityFlags): SecurityFlags {
  return { ...earlier, ...later, first: earlier.first ?? later.first };
}

/** True when the flags choose a security mode (rather than only refine one). */
export function choosesSecurity(flags: SecurityFlags): boolean {
  return flags.sslEnable !== undefined || flags.startTlsEnable !== undefined || flags.startTlsRequired !== undefined || flags.sslSocketFactory !== undefined;
}

/** The security mode the keys choose; `implicitTls` is the protocol name's (`smtps`, `pop3s`, `imaps`). */
export function securityOf(implicitTls: boolean, flags: SecurityFlags): ConnectionSecurity {
  if (implicitTls || flags.sslEnable === true || flags.sslSocketFactory !== undefined) return 'TLS';
  if (flags.startTlsRequired === true) return 'STARTTLS';
  if (flags.startTlsEnable === true) return 'STARTTLS_OPTIONAL';
  return 'NONE';
}

/**
 * Checks the socket factory's port and fallback against the server's `port` (read from
 * `portKey`), and returns the port JavaMail would connect to: `socketFactory.port` when a socket
 * factory is set and the port key is not. Keys without effect are added to `withoutEffect`.
 *
 * @throws SourceProblem when a key would send mail or the password elsewhere or in clear text.
 */
export function socketFactoryPort(flags: SecurityFlags, port: number | undefined, portKey: string, withoutEffect: KeyWithoutEffect[]): number | undefined {
  const { sslSocketFactory, socketFactoryPort: factoryPort, socketFactoryFallback: fallback } = flags;
  if (fallback !== undefined) {
    if (sslSocketFactory === undefined) {
      withoutEffect.push({ key: fallback.key, reason: 'JavaMail reads it only with socketFactory.class' });
    } else if (fallback.value) {
      throw new SourceProblem(
        fallback.key,
        'true makes JavaMail connect again without TLS when the TLS connection fails, and send the password in clear text; this service never falls back to a plain connection: remove the key or set it to false',
        fallback.line,
      );
    } else {
      withoutEffect.push({ key: fallback.key, reason: 'false is what this service always does: it never falls back to a plain connection' });
    }
  }
  if (factoryPort === undefined) return port;
  if (sslSocketFactory === undefined) {
    withoutEffect.push({ key: factoryPort.key, reason: 'JavaMail reads it only with socketFactory.class' });
    return port;
  }
  if (port !== undefined && port !== factoryPort.port) {
    throw new SourceProblem(
      factoryPort.key,
      `JavaMail connects to this port (${factoryPort.port}) instead of ${portKey} (${port}) when a socket factory is set; give both the same port`,
      factoryPort.line,
    );
  }
  return factoryPort.port;
}
