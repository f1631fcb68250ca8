import { registerEnumType } from 'type-graphql';
import type { AuthMechanismName, CheckFailureCode, CheckStepName } from './check-step.js';

export const MailCheckFailureCode = {
  HOST_NOT_FOUND: 'HOST_NOT_FOUND',
  DNS_FAILED: 'DNS_FAILED',
  ADDRESS_NOT_ALLOWED: 'ADDRESS_NOT_ALLOWED',
  CONNECTION_REFUSED: 'CONNECTION_REFUSED',
  NETWORK_UNREACHABLE: 'NETWORK_UNREACHABLE',
  TIMEOUT: 'TIMEOUT',
  CONNECTION_CLOSED: 'CONNECTION_CLOSED',
  TLS_HANDSHAKE_FAILED: 'TLS_HANDSHAKE_FAILED',
  CERTIFICATE_UNTRUSTED: 'CERTIFICATE_UNTRUSTED',
  CERTIFICATE_EXPIRED: 'CERTIFICATE_EXPIRED',
  CERTIFICATE_NAME_MISMATCH: 'CERTIFICATE_NAME_MISMATCH',
  STARTTLS_UNAVAILABLE: 'STARTTLS_UNAVAILABLE',
  CLIENT_REJECTED: 'CLIENT_REJECTED',
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
  AUTH_UNAVAILABLE: 'AUTH_UNAVAILABLE',
  AUTH_FAILED: 'AUTH_FAILED',
  TOKEN_FAILED: 'TOKEN_FAILED',
  SENDER_NOT_SET: 'SENDER_NOT_SET',
  SENDER_REFUSED: 'SENDER_REFUSED',
  RECIPIENT_REFUSED: 'RECIPIENT_REFUSED',
  MESSAGE_REFUSED: 'MESSAGE_REFUSED',
  MAILBOX_UNAVAILABLE: 'MAILBOX_UNAVAILABLE',
  SETTINGS_INVALID: 'SETTINGS_INVALID',
  TRANSPORT_UNAVAILABLE: 'TRANSPORT_UNAVAILABLE',
} as const satisfies Record<CheckFailureCode, CheckFailureCode>;

export const MailCheckStepName = {
  SETTINGS: 'SETTINGS',
  DNS: 'DNS',
  TCP: 'TCP',
  TLS: 'TLS',
  GREETING: 'GREETING',
  TOKEN: 'TOKEN',
  AUTHENTICATION: 'AUTHENTICATION',
  SENDER: 'SENDER',
  MAILBOX: 'MAILBOX',
} as const satisfies Record<CheckStepName, CheckStepName>;

export const TlsMode = { IMPLICIT: 'IMPLICIT', STARTTLS: 'STARTTLS' } as const;

registerEnumType(MailCheckFailureCode, {
  name: 'MailCheckFailureCode',
  description: 'Why a step of a mail server test failed',
  valuesConfig: {
    HOST_NOT_FOUND: { description: 'The host name does not resolve (NXDOMAIN)' },
    DNS_FAILED: { description: 'The resolver failed for another reason (unreachable, SERVFAIL)' },
    ADDRESS_NOT_ALLOWED: {
      description: "Every address of the host is refused by this service's network policy (MAIL_NETWORK_DENY, MAIL_NETWORK_ALLOW); nothing was connected",
    },
    CONNECTION_REFUSED: { description: 'Nothing listens on the port, or a firewall rejects the connection' },
    NETWORK_UNREACHABLE: { description: 'No route to the host from this service' },
    TIMEOUT: { description: "A step exceeded its time limit, or the whole test's" },
    CONNECTION_CLOSED: { description: 'The server closed the connection mid-dialogue' },
    TLS_HANDSHAKE_FAILED: { description: 'No TLS session could be set up (plain port, no common version or cipher)' },
    CERTIFICATE_UNTRUSTED: { description: 'The certificate does not chain to a trusted authority (e.g. self-signed)' },
    CERTIFICATE_EXPIRED: { description: 'The certificate has expired or is not yet valid' },
    CERTIFICATE_NAME_MISMATCH: { description: 'The certificate is not issued for the configured host' },
    STARTTLS_UNAVAILABLE: { description: 'Security STARTTLS is required but the server does not offer or refuses it' },
    CLIENT_REJECTED: { description: "The server refuses this service's address at connect (e.g. 554 5.7.1 Client host rejected)" },
    PROTOCOL_ERROR: { description: 'The server does not speak the expected protocol, or answered unexpectedly' },
    AUTH_UNAVAILABLE: { description: 'The server offers no authentication mechanism this service will use' },
    AUTH_FAILED: { description: 'The server refused the user name or password (or the OAuth 2.0 access token, twice), or none is set' },
    TOKEN_FAILED: {
      description: "OAuth 2.0: no access token could be obtained (endpoint unreachable, TLS, the provider's error such as invalid_client or invalid_grant)",
    },
    SENDER_NOT_SET: { description: 'No default sender address (or mail.smtp.from) to send from' },
    SENDER_REFUSED: { description: 'The SMTP server refuses the sender address (at MAIL FROM, or at RCPT TO as Postfix does): mail would be lost' },
    RECIPIENT_REFUSED: { description: 'The SMTP server refuses the recipient (RCPT TO), e.g. an unknown user or no relaying for this service' },
    MESSAGE_REFUSED: { description: 'The SMTP server accepted the envelope but refused the message itself (DATA)' },
    MAILBOX_UNAVAILABLE: { description: 'Logged in, but the mailbox (INBOX) could not be opened' },
    SETTINGS_INVALID: { description: 'The stored settings cannot be used (e.g. a password that no longer decrypts)' },
    TRANSPORT_UNAVAILABLE: {
      description: 'Application mail: the outgoing transport was DISABLED (no SMTP server configured) or FAILED when the message was to be sent; it is retried',
    },
  },
});
registerEnumType(MailCheckStepName, {
  name: 'MailCheckStepName',
  description: 'One step of a mail server test, in the order they run',
  valuesConfig: {
    SETTINGS: { description: 'The settings could be turned into a connection (only reported when they cannot)' },
    DNS: { description: 'The host name resolved, to addresses the network policy allows' },
    TCP: { description: 'A TCP connection was opened' },
    TLS: { description: 'TLS was set up (implicit, or by STARTTLS/STLS), or skipped when not wanted or not offered' },
    GREETING: { description: "SMTP and POP3: the server's greeting, with EHLO or CAPA (IMAP reports its greeting with AUTHENTICATION)" },
    TOKEN: {
      description: 'OAuth 2.0 servers only: an access token was obtained from the token endpoint (reached, TLS verified, grant accepted, scope, expiry)',
    },
    AUTHENTICATION: { description: 'Logged in with the user and password (or XOAUTH2/OAUTHBEARER with the access token), or skipped when there is no user' },
    SENDER: { description: 'SMTP: MAIL FROM and RCPT TO were accepted, then RSET (nothing is sent)' },
    MAILBOX: { description: 'POP3 STAT or IMAP STATUS INBOX answered' },
  },
});
registerEnumType(TlsMode, {
  name: 'TlsMode',
  description: 'How TLS was started: IMPLICIT from the first byte, or by STARTTLS/STLS',
  valuesConfig: {
    IMPLICIT: { description: 'TLS from the first byte (SMTPS, POP3S, IMAPS)' },
    STARTTLS: { description: 'A plain connection upgraded by STARTTLS (STLS for POP3)' },
  },
});

/** The protocol a server of the test speaks. */
export const MailServerProtocol = { SMTP: 'SMTP', POP3: 'POP3', IMAP: 'IMAP' } as const;

registerEnumType(MailServerProtocol, {
  name: 'MailServerProtocol',
  description: 'The protocol a tested server speaks',
  valuesConfig: {
    SMTP: { description: 'The outgoing server' },
    POP3: { description: 'An incoming POP3 server' },
    IMAP: { description: 'An incoming IMAP server' },
  },
});

/**
 * The way a test logged in. GraphQL names cannot contain '-' or '/': the SASL mechanism CRAM-MD5
 * is CRAM_MD5, and POP3's USER/PASS commands are USER_PASS (the values the probes report map
 * onto these names here).
 */
export const MailAuthMechanism = {
  PLAIN: 'PLAIN',
  LOGIN: 'LOGIN',
  CRAM_MD5: 'CRAM-MD5',
  USER_PASS: 'USER/PASS',
  XOAUTH2: 'XOAUTH2',
  OAUTHBEARER: 'OAUTHBEARER',
} as const satisfies Record<string, AuthMechanismName>;

registerEnumType(MailAuthMechanism, {
  name: 'MailAuthMechanism',
  description: 'How a test logged in: an SMTP SASL mechanism, or POP3 USER/PASS',
  valuesConfig: {
    PLAIN: { description: 'SASL PLAIN (RFC 4616): user and password in one base64 line' },
    LOGIN: { description: 'SASL LOGIN: user and password in two base64 lines' },
    CRAM_MD5: { description: 'SASL CRAM-MD5 (RFC 2195): a keyed hash of a challenge; the password does not travel' },
    USER_PASS: { description: 'POP3 USER and PASS commands (RFC 1939)' },
    XOAUTH2: { description: "SASL XOAUTH2 (Google's and Microsoft's): the user and an OAuth 2.0 access token" },
    OAUTHBEARER: { description: 'SASL OAUTHBEARER (RFC 7628): the user and an OAuth 2.0 access token' },
  },
});
