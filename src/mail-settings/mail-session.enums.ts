import { registerEnumType } from 'type-graphql';
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

registerEnumType(MailProtocol, { name: 'MailProtocol', description: 'Protocol of the incoming mail server' });
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
