/**
 * How much a mail server may send before this service stops reading it. A hostile or broken
 * peer (endless `250-` continuation lines, a line without end, an IMAP literal announcing a
 * gigabyte) must not make the process buffer without bound, so every reader of a peer (the
 * connection probes and the live transports) has these caps; past one the socket is destroyed
 * and the step (or send) fails as a protocol error. The values are far above what real servers
 * send: an EHLO or CAPA answer has a few dozen short lines, an IMAP CAPABILITY line well under
 * 1 KiB.
 */
export const PEER_LIMITS = Object.freeze({
  /** Lines in one reply: an SMTP multi-line reply, a POP3 CAPA list. */
  linesPerReply: 512,
  /**
   * Octets in one line of the SMTP and POP3 probes. RFC 5321 sets 512 for an SMTP reply line
   * and RFC 1939 as much for POP3, but servers send longer ones (long CAPA SASL lists).
   */
  lineBytes: 8 * 1024,
  /**
   * Octets one probe connection may receive in all its steps together (so also in any one
   * step): greeting, EHLO/CAPA twice around STARTTLS, authentication and the last command come
   * to a few KiB. Kept low because imapflow parses a flood of small responses slowly (about
   * 1 MiB a second), and the cap must stop a flood well within a step's time limit.
   */
  connectionBytes: 256 * 1024,
  /** Octets in one IMAP line (a response without its literals); CAPABILITY lines run long. */
  imapLineBytes: 64 * 1024,
  /** Octets in one IMAP literal: the probe fetches nothing, so only short strings come as literals. */
  imapLiteralBytes: 64 * 1024,
  /** Octets in one IMAP response, lines and literals together. */
  imapResponseBytes: 256 * 1024,
  /** Parse tokens in one IMAP response (each costs about a hundred bytes of heap to parse). */
  imapResponseTokens: 20_000,
  /**
   * Octets in one reply the live SMTP transport reads (nodemailer's `maxResponseSize`, whose
   * own default is 1 MiB); bounds its lines per reply and octets per line together.
   */
  smtpReplyBytes: 64 * 1024,
});
