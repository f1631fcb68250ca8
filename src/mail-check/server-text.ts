import { maskSecrets } from '../transport/secret-mask.js';

const MAX = 300;

/**
 * Text of a server that speaks the protocol (a reply's reason, its EHLO keywords) made fit for
 * a report: the password's forms masked (see `secretForms`), control characters replaced,
 * length bounded. Masking comes first, so that bounding cannot leave part of a password.
 * Text of a peer that does not speak the protocol is never shown: see `foreignPeer`.
 */
export function serverText(text: string, secrets: readonly string[] = []): string {
  const clean = maskSecrets(text, secrets)
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .trim();
  return clean.length > MAX ? `${clean.slice(0, MAX)}…` : clean;
}

/** First-line signatures of protocols a mail port is mistaken for, in our own words. */
const SIGNATURES: [RegExp, string][] = [
  [/^SSH-/, 'an SSH server'],
  [/^HTTP\/\d/i, 'a web server'],
  [/^\s*<(!doctype|html|\?xml)/i, 'a web server'],
  // A TLS record (handshake 0x16 or alert 0x15, version 0x03) read as latin1.
  [/^[\u0015\u0016]\u0003/, 'a TLS server (this port expects TLS from the first byte: use security TLS)'],
  [/^\+OK\b|^-ERR\b/, 'a POP3 server'],
  [/^\* (OK|PREAUTH|BYE)\b/i, 'an IMAP server'],
  [/^\d{3}[ -]/, 'an SMTP or FTP server'],
  [/^(RFB |AMQP|\+PONG|-NOAUTH|\* STATUS)/, 'a service that is not a mail server'],
];

/**
 * What a line from a peer that does not speak the expected protocol looks like, in a fixed
 * phrase of ours ("an SSH server"); the peer's own text (a banner naming its software and
 * version) is never echoed, so testMailSession cannot be used to grab banners.
 */
export function foreignPeer(line: string): string {
  const match = SIGNATURES.find(([signature]) => signature.test(line));
  return match ? `it looks like ${match[1]}` : 'its answer is not recognisable';
}
