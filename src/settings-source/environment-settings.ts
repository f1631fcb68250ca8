import { MAIL_SETTING_VARIABLE_NAMES, MAIL_SETTING_VARIABLES, type MailSettingVariable } from '../config/mail-source.js';
import { parseMailPropertyLines } from './property-lines.js';
import { SourceProblem, sourceFlag, sourcePort, validateSourceSettings, type SourceServer, type SourceSettings } from './source-settings.js';

const SECURITIES = ['NONE', 'STARTTLS_OPTIONAL', 'STARTTLS', 'TLS'] as const;
const PROTOCOLS = ['POP3', 'IMAP'] as const;
const AUTHENTICATIONS = ['PASSWORD', 'OAUTH2'] as const;
const GRANTS = ['CLIENT_CREDENTIALS', 'REFRESH_TOKEN', 'JWT_BEARER'] as const;

/**
 * One server's authentication and OAuth 2.0 client from MAIL_<SIDE>_AUTHENTICATION and
 * MAIL_<SIDE>_OAUTH2_*: the environment stands for the whole settings, so what it leaves out is
 * PASSWORD, or no value (a secret left out is removed).
 */
function oauth2Settings(
  variables: Partial<Record<MailSettingVariable, string>>,
  side: 'INCOMING' | 'OUTGOING',
): Pick<SourceServer, 'authentication' | 'oauth2'> {
  const value = (name: string): string | null => variables[`MAIL_${side}_${name}` as MailSettingVariable] ?? null;
  const authentication = value('AUTHENTICATION');
  const grant = value('OAUTH2_GRANT');
  return {
    authentication: authentication === null ? 'PASSWORD' : oneOf(`MAIL_${side}_AUTHENTICATION`, authentication, AUTHENTICATIONS),
    oauth2: {
      grant: grant === null ? null : oneOf(`MAIL_${side}_OAUTH2_GRANT`, grant, GRANTS),
      tokenUrl: value('OAUTH2_TOKEN_URL'),
      clientId: value('OAUTH2_CLIENT_ID'),
      scope: value('OAUTH2_SCOPE'),
      serviceAccountEmail: value('OAUTH2_SERVICE_ACCOUNT_EMAIL'),
      clientSecret: value('OAUTH2_CLIENT_SECRET'),
      refreshToken: value('OAUTH2_REFRESH_TOKEN'),
      privateKey: value('OAUTH2_PRIVATE_KEY'),
    },
  };
}

function variableFor(path: string): string {
  const exact = MAIL_SETTING_VARIABLE_NAMES.find((name) => MAIL_SETTING_VARIABLES[name] === path);
  if (exact) return exact;
  return path.startsWith('additionalProperties') ? 'MAIL_ADDITIONAL_PROPERTIES' : path;
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  const value = raw.toUpperCase();
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new SourceProblem(name, `expected ${allowed.join(', ')}, got "${raw}"`);
  return found;
}

/**
 * Reads and checks the `MAIL_*` settings (values already trimmed; unset ones absent).
 *
 * @throws SourceProblem naming the variable.
 */
export function environmentSettings(variables: Partial<Record<MailSettingVariable, string>>): SourceSettings {
  const v = variables;
  const settings: SourceSettings = {
    incoming: {
      protocol: v.MAIL_INCOMING_PROTOCOL === undefined ? undefined : oneOf('MAIL_INCOMING_PROTOCOL', v.MAIL_INCOMING_PROTOCOL, PROTOCOLS),
      host: v.MAIL_INCOMING_HOST,
      port: v.MAIL_INCOMING_PORT === undefined ? undefined : sourcePort('MAIL_INCOMING_PORT', v.MAIL_INCOMING_PORT),
      security: v.MAIL_INCOMING_SECURITY === undefined ? undefined : oneOf('MAIL_INCOMING_SECURITY', v.MAIL_INCOMING_SECURITY, SECURITIES),
      user: v.MAIL_INCOMING_USER,
      password: v.MAIL_INCOMING_PASSWORD,
      deleteAfterFetch:
        v.MAIL_INCOMING_DELETE_AFTER_FETCH === undefined ? undefined : sourceFlag('MAIL_INCOMING_DELETE_AFTER_FETCH', v.MAIL_INCOMING_DELETE_AFTER_FETCH),
      ...oauth2Settings(v, 'INCOMING'),
    },
    outgoing: {
      host: v.MAIL_OUTGOING_HOST,
      port: v.MAIL_OUTGOING_PORT === undefined ? undefined : sourcePort('MAIL_OUTGOING_PORT', v.MAIL_OUTGOING_PORT),
      security: v.MAIL_OUTGOING_SECURITY === undefined ? undefined : oneOf('MAIL_OUTGOING_SECURITY', v.MAIL_OUTGOING_SECURITY, SECURITIES),
      user: v.MAIL_OUTGOING_USER,
      password: v.MAIL_OUTGOING_PASSWORD,
      ...oauth2Settings(v, 'OUTGOING'),
    },
    additionalProperties: v.MAIL_ADDITIONAL_PROPERTIES === undefined ? undefined : parseMailPropertyLines(v.MAIL_ADDITIONAL_PROPERTIES),
    defaultSender: { name: v.MAIL_DEFAULT_SENDER_NAME, address: v.MAIL_DEFAULT_SENDER_ADDRESS },
  };
  validateSourceSettings(settings, variableFor);
  return settings;
}
