import { registerEnumType } from 'type-graphql';
import type { MailAuthentication as Authentication, OAuth2Grant as Grant, TokenStatus } from '../oauth2/oauth2-client.js';
import type { OAuth2PresetName } from './mail-session.oauth2.presets.js';

/** GraphQL enums of OAuth 2.0 sign-in; they mirror the shared shapes of src/oauth2/oauth2-client.ts value for value. */
export const MailAuthentication = { PASSWORD: 'PASSWORD', OAUTH2: 'OAUTH2' } as const satisfies Record<Authentication, Authentication>;
export const OAuth2Grant = {
  CLIENT_CREDENTIALS: 'CLIENT_CREDENTIALS',
  REFRESH_TOKEN: 'REFRESH_TOKEN',
  JWT_BEARER: 'JWT_BEARER',
} as const satisfies Record<Grant, Grant>;
export const OAuth2TokenState = { NONE: 'NONE', VALID: 'VALID', REFRESHING: 'REFRESHING', FAILED: 'FAILED' } as const satisfies Record<
  TokenStatus['state'],
  TokenStatus['state']
>;
export const OAuth2Preset = { MICROSOFT_365: 'MICROSOFT_365', GOOGLE: 'GOOGLE' } as const satisfies Record<OAuth2PresetName, OAuth2PresetName>;

registerEnumType(MailAuthentication, {
  name: 'MailAuthentication',
  description: 'How a mail server is signed in to',
  valuesConfig: {
    PASSWORD: { description: "With the server's user and password (SASL PLAIN, LOGIN, CRAM-MD5, or POP3 USER/PASS)" },
    OAUTH2: { description: "With an OAuth 2.0 access token for the server's user (SASL XOAUTH2 or OAUTHBEARER); see oauth2" },
  },
});
registerEnumType(OAuth2Grant, {
  name: 'OAuth2Grant',
  description: 'How the service obtains access tokens from the token endpoint',
  valuesConfig: {
    CLIENT_CREDENTIALS: { description: 'grant_type=client_credentials with the client id and secret (Microsoft 365 app-only access); needs clientSecret' },
    REFRESH_TOKEN: {
      description:
        'grant_type=refresh_token with a refresh token an administrator obtained once (Google user consent); needs refreshToken, and clientSecret for a confidential client',
    },
    JWT_BEARER: {
      description:
        "RFC 7523 JWT bearer assertion signed with a service account's key (Google domain-wide delegation); needs privateKey and serviceAccountEmail",
    },
  },
});
registerEnumType(OAuth2TokenState, {
  name: 'OAuth2TokenState',
  description: 'The access token of one server on the instance that answered',
  valuesConfig: {
    NONE: { description: 'No token fetched yet (none needed so far, or OAuth 2.0 not in use)' },
    VALID: { description: 'A token is held and not expired; see expiresAt' },
    REFRESHING: { description: 'A token is being fetched' },
    FAILED: { description: 'The last fetch failed; see lastError' },
  },
});
registerEnumType(OAuth2Preset, {
  name: 'OAuth2Preset',
  description: "A provider's usual token endpoint, scope and server; each field given in the input overrides the preset's",
  valuesConfig: {
    MICROSOFT_365: {
      description:
        'Microsoft 365 (Exchange Online): token URL https://login.microsoftonline.com/<tenantId>/oauth2/v2.0/token, scope https://outlook.office365.com/.default, grant CLIENT_CREDENTIALS, smtp.office365.com:587 STARTTLS, outlook.office365.com:993 TLS; needs tenantId',
    },
    GOOGLE: {
      description:
        'Google Workspace and Gmail: token URL https://oauth2.googleapis.com/token, scope https://mail.google.com/, smtp.gmail.com:465 TLS, imap.gmail.com:993 TLS',
    },
  },
});
