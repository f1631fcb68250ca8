/**
 * The OAuth 2.0 columns of the settings row, per server, and the secret contexts their
 * ciphertexts are bound to. Pure: imports only the generated row type.
 */

import type { MailSession as MailSessionRow } from '../generated/prisma/client.js';

export type Side = 'incoming' | 'outgoing';

/** The OAuth 2.0 fields of one server that hold plain values. */
export const OAUTH2_PLAIN_FIELDS = ['grant', 'tokenUrl', 'clientId', 'scope', 'serviceAccountEmail'] as const;
export type OAuth2PlainField = (typeof OAUTH2_PLAIN_FIELDS)[number];

/** The write-only OAuth 2.0 fields of one server, stored as SecretBox ciphertext. */
export const OAUTH2_SECRET_FIELDS = ['clientSecret', 'refreshToken', 'privateKey'] as const;
export type OAuth2SecretField = (typeof OAUTH2_SECRET_FIELDS)[number];

type OAuth2Field = OAuth2PlainField | OAuth2SecretField;

const capitalized = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);

/** The row column of one OAuth 2.0 field: `outgoing` + `clientSecret` is `outgoingOAuth2ClientSecret`. */
export function oauth2Column<S extends Side, F extends OAuth2Field>(side: S, field: F): `${S}OAuth2${Capitalize<F>}` & keyof MailSessionRow {
  return `${side}OAuth2${capitalized(field)}` as `${S}OAuth2${Capitalize<F>}` & keyof MailSessionRow;
}

/** The column saying how a server signs in. */
export function authenticationColumn<S extends Side>(side: S): `${S}Authentication` & keyof MailSessionRow {
  return `${side}Authentication` as `${S}Authentication` & keyof MailSessionRow;
}

/** The secret context (AAD) of one OAuth 2.0 secret: `outgoing.oauth2.clientSecret`. */
export function oauth2SecretContext(side: Side, field: OAuth2SecretField): string {
  return `${side}.oauth2.${field}`;
}

/** The OAuth 2.0 columns as a new installation's row (and the first migration's) has them. */
export const EMPTY_OAUTH2_COLUMNS = {
  incomingAuthentication: 'PASSWORD',
  incomingOAuth2Grant: null,
  incomingOAuth2TokenUrl: null,
  incomingOAuth2ClientId: null,
  incomingOAuth2Scope: null,
  incomingOAuth2ServiceAccountEmail: null,
  incomingOAuth2ClientSecret: null,
  incomingOAuth2RefreshToken: null,
  incomingOAuth2PrivateKey: null,
  outgoingAuthentication: 'PASSWORD',
  outgoingOAuth2Grant: null,
  outgoingOAuth2TokenUrl: null,
  outgoingOAuth2ClientId: null,
  outgoingOAuth2Scope: null,
  outgoingOAuth2ServiceAccountEmail: null,
  outgoingOAuth2ClientSecret: null,
  outgoingOAuth2RefreshToken: null,
  outgoingOAuth2PrivateKey: null,
} as const satisfies Partial<MailSessionRow>;

/** Every encrypted OAuth 2.0 column with its context, for the rotation and the start-up check. */
export const OAUTH2_SECRET_COLUMNS = (['outgoing', 'incoming'] as const).flatMap((side) =>
  OAUTH2_SECRET_FIELDS.map((field) => ({ field: oauth2Column(side, field), context: oauth2SecretContext(side, field) })),
);
