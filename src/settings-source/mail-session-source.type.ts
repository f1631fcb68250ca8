import { registerEnumType } from 'type-graphql';
import type { MailSessionSourceKind } from './source-settings.js';

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
    FILE: { description: 'The properties file named by MAIL_SESSION_PROPERTIES_FILE, applied on every start (MAIL_SESSION_MANAGED=true); the API cannot change them' },
  },
});
