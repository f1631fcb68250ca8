import { Field, ObjectType } from 'type-graphql';
import type { OAuth2Grant as Grant, TokenStatus } from '../oauth2/oauth2-client.js';
import { OAuth2Grant, OAuth2TokenState } from './mail-session.oauth2.enums.js';

@ObjectType('OAuth2TokenStatus', { description: 'The access token of one server on the instance that answered; never the token or a secret' })
export class OAuth2TokenStatusType {
  @Field(() => OAuth2TokenState, { description: 'Whether a token is held, being fetched, or could not be fetched' })
  state!: TokenStatus['state'];

  @Field(() => Date, { nullable: true, description: 'When the held token expires; null when none is held' })
  expiresAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why the last fetch failed: the provider's error code and description (invalid_client, invalid_grant, AADSTS...), or why the endpoint could not be reached; null: no failure",
  })
  lastError!: string | null;
}

@ObjectType('OAuth2Client', { description: 'The OAuth 2.0 client a server signs in with (authentication OAUTH2); its secrets are write-only' })
export class OAuth2ClientType {
  @Field(() => OAuth2Grant, { description: 'How access tokens are obtained' })
  grant!: Grant;

  @Field({ description: 'The token endpoint (https)' })
  tokenUrl!: string;

  @Field({ description: 'The client (application) id registered with the provider' })
  clientId!: string;

  @Field(() => String, { nullable: true, description: 'Space-separated scopes requested; null: none sent' })
  scope!: string | null;

  @Field(() => String, { nullable: true, description: "JWT_BEARER: the service account's e-mail (the assertion's issuer); null: none" })
  serviceAccountEmail!: string | null;

  @Field({ description: 'Whether a client secret is stored. The secret itself is never returned.' })
  clientSecretSet!: boolean;

  @Field({ description: 'Whether a refresh token is stored. The token itself is never returned.' })
  refreshTokenSet!: boolean;

  @Field({ description: "Whether a service account's private key is stored. The key itself is never returned." })
  privateKeySet!: boolean;

  @Field(() => OAuth2TokenStatusType, { description: 'The access token of the instance that answered; NONE in a history revision' })
  token!: TokenStatus;
}
