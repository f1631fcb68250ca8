import { registerEnumType } from 'type-graphql';
import { CONFIG_WARNING_DESCRIPTIONS, type ConfigWarningCode as WarningCode } from './config-warning.codes.js';
import type { ConnectionSecurity as Security, MailProtocol as Protocol, MailSessionSourceKind } from './mail-session.model.js';

/** GraphQL enums mirror the domain's string unions value for value. */
export const MailProtocol = { POP3: 'POP3', IMAP: 'IMAP' } as const satisfies Record<Protocol, Protocol>;
export const ConnectionSecurity = {
  NONE: 'NONE',
  STARTTLS_OPTIONAL: 'STARTTLS_OPTIONAL',
  STARTTLS: 'STARTTLS',
  TLS: 'TLS',
} as const satisfies Record<Security, Security>;
export const TransportState = { READY: 'READY', DISABLED: 'DISABLED', FAILED: 'FAILED' } as const;

registerEnumType(MailProtocol, {
  name: 'MailProtocol',
  description: 'Protocol of the incoming mail server',
  valuesConfig: {
    POP3: { description: 'Post Office Protocol 3 (RFC 1939): port 110, or 995 with implicit TLS' },
    IMAP: { description: 'Internet Message Access Protocol (RFC 9051): port 143, or 993 with implicit TLS' },
  },
});
registerEnumType(ConnectionSecurity, {
  name: 'ConnectionSecurity',
  description: 'How the connection to a mail server is secured',
  valuesConfig: {
    NONE: { description: 'Plain connection, never upgraded' },
    STARTTLS_OPTIONAL: { description: 'Upgraded with STARTTLS (STLS for POP3) when the server offers it' },
    STARTTLS: { description: 'Upgraded with STARTTLS; the connection fails if the server does not offer it' },
    TLS: { description: 'Implicit TLS from the first byte (SMTPS 465, IMAPS 993, POP3S 995)' },
  },
});
registerEnumType(TransportState, {
  name: 'TransportState',
  description: 'Whether a live transport can be used',
  valuesConfig: {
    READY: { description: 'Built from the applied settings and in use' },
    DISABLED: { description: 'No server configured' },
    FAILED: { description: 'Could not be built from the applied settings; see lastError' },
  },
});

export const MailSessionSource = { DATABASE: 'DATABASE', ENVIRONMENT: 'ENVIRONMENT', FILE: 'FILE' } as const satisfies Record<
  MailSessionSourceKind,
  MailSessionSourceKind
>;

registerEnumType(MailSessionSource, {
  name: 'MailSessionSource',
  description: 'Where the settings in force come from',
  valuesConfig: {
    DATABASE: { description: 'The database: changed through the API (possibly seeded once from the environment or a file)' },
    ENVIRONMENT: { description: 'MAIL_* environment variables, applied on every start (MAIL_SESSION_MANAGED=true); the API cannot change them' },
    FILE: {
      description: 'The properties file named by MAIL_SESSION_PROPERTIES_FILE, applied on every start (MAIL_SESSION_MANAGED=true); the API cannot change them',
    },
  },
});

export const ConfigWarningCode = Object.fromEntries(Object.keys(CONFIG_WARNING_DESCRIPTIONS).map((code) => [code, code])) as {
  [Code in WarningCode]: Code;
};

registerEnumType(ConfigWarningCode, {
  name: 'ConfigWarningCode',
  description: 'What a ConfigWarning is about; the message says it for a person, with the values involved',
  valuesConfig: Object.fromEntries(Object.entries(CONFIG_WARNING_DESCRIPTIONS).map(([code, description]) => [code, { description }])),
});
