// Kept free of the GraphQL and validation modules: config.ts imports it, and so does migrate.ts through it.
import { ConfigError } from './config-error.js';

/**
 * The `MAIL_*` variables that give the mail settings, each named after its input path
 * (`outgoing.host` → `MAIL_OUTGOING_HOST`).
 */
export const MAIL_SETTING_VARIABLES = {
  MAIL_INCOMING_PROTOCOL: 'incoming.protocol',
  MAIL_INCOMING_HOST: 'incoming.host',
  MAIL_INCOMING_PORT: 'incoming.port',
  MAIL_INCOMING_SECURITY: 'incoming.security',
  MAIL_INCOMING_USER: 'incoming.user',
  MAIL_INCOMING_PASSWORD: 'incoming.password',
  MAIL_INCOMING_DELETE_AFTER_FETCH: 'incoming.deleteAfterFetch',
  MAIL_INCOMING_AUTHENTICATION: 'incoming.authentication',
  MAIL_INCOMING_OAUTH2_GRANT: 'incoming.oauth2.grant',
  MAIL_INCOMING_OAUTH2_TOKEN_URL: 'incoming.oauth2.tokenUrl',
  MAIL_INCOMING_OAUTH2_CLIENT_ID: 'incoming.oauth2.clientId',
  MAIL_INCOMING_OAUTH2_SCOPE: 'incoming.oauth2.scope',
  MAIL_INCOMING_OAUTH2_SERVICE_ACCOUNT_EMAIL: 'incoming.oauth2.serviceAccountEmail',
  MAIL_INCOMING_OAUTH2_CLIENT_SECRET: 'incoming.oauth2.clientSecret',
  MAIL_INCOMING_OAUTH2_REFRESH_TOKEN: 'incoming.oauth2.refreshToken',
  MAIL_INCOMING_OAUTH2_PRIVATE_KEY: 'incoming.oauth2.privateKey',
  MAIL_OUTGOING_HOST: 'outgoing.host',
  MAIL_OUTGOING_PORT: 'outgoing.port',
  MAIL_OUTGOING_SECURITY: 'outgoing.security',
  MAIL_OUTGOING_USER: 'outgoing.user',
  MAIL_OUTGOING_PASSWORD: 'outgoing.password',
  MAIL_OUTGOING_AUTHENTICATION: 'outgoing.authentication',
  MAIL_OUTGOING_OAUTH2_GRANT: 'outgoing.oauth2.grant',
  MAIL_OUTGOING_OAUTH2_TOKEN_URL: 'outgoing.oauth2.tokenUrl',
  MAIL_OUTGOING_OAUTH2_CLIENT_ID: 'outgoing.oauth2.clientId',
  MAIL_OUTGOING_OAUTH2_SCOPE: 'outgoing.oauth2.scope',
  MAIL_OUTGOING_OAUTH2_SERVICE_ACCOUNT_EMAIL: 'outgoing.oauth2.serviceAccountEmail',
  MAIL_OUTGOING_OAUTH2_CLIENT_SECRET: 'outgoing.oauth2.clientSecret',
  MAIL_OUTGOING_OAUTH2_REFRESH_TOKEN: 'outgoing.oauth2.refreshToken',
  MAIL_OUTGOING_OAUTH2_PRIVATE_KEY: 'outgoing.oauth2.privateKey',
  MAIL_ADDITIONAL_PROPERTIES: 'additionalProperties',
  MAIL_DEFAULT_SENDER_NAME: 'defaultSender.name',
  MAIL_DEFAULT_SENDER_ADDRESS: 'defaultSender.address',
} as const;

export type MailSettingVariable = keyof typeof MAIL_SETTING_VARIABLES;
export const MAIL_SETTING_VARIABLE_NAMES = Object.keys(MAIL_SETTING_VARIABLES) as MailSettingVariable[];

/** Where the mail settings come from besides the API; see the README, "Configuration sources". */
export type MailSessionSourceConfig =
  | { readonly kind: 'ENVIRONMENT'; readonly managed: boolean; readonly variables: Readonly<Partial<Record<MailSettingVariable, string>>> }
  | { readonly kind: 'FILE'; readonly managed: boolean; readonly path: string };

/**
 * The mail settings source from the environment: the `MAIL_*` settings, or the file named by
 * `MAIL_SESSION_PROPERTIES_FILE`, not both; both are read and checked at start. Undefined when
 * neither is given.
 *
 * @throws ConfigError naming the variable.
 */
export function mailSessionSourceFrom(options: {
  file: string | undefined;
  managed: boolean;
  variables: Partial<Record<MailSettingVariable, string>>;
}): MailSessionSourceConfig | undefined {
  const given = MAIL_SETTING_VARIABLE_NAMES.filter((name) => options.variables[name] !== undefined);
  if (options.file !== undefined && given.length > 0) {
    throw new ConfigError(
      'MAIL_SESSION_PROPERTIES_FILE',
      `give the mail settings either in a file or in MAIL_* variables, not both (also set: ${given.join(', ')})`,
    );
  }
  if (options.file !== undefined) return { kind: 'FILE', managed: options.managed, path: options.file };
  if (given.length === 0) {
    if (options.managed)
      throw new ConfigError(
        'MAIL_SESSION_MANAGED',
        'true needs the settings: MAIL_SESSION_PROPERTIES_FILE or MAIL_OUTGOING_HOST and the other MAIL_* settings',
      );
    return undefined;
  }
  // The values are checked at start (loadMailSessionSource), with the rules of the API.
  const variables = Object.fromEntries(given.map((name) => [name, options.variables[name]]));
  return { kind: 'ENVIRONMENT', managed: options.managed, variables };
}
