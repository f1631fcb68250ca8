import { IsEmail, IsIn, IsOptional, Length, Matches, MaxLength, registerDecorator, type ValidationOptions } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import type { OAuth2Grant as Grant } from '../oauth2/oauth2-client.js';
import { NoLineBreaks } from '../platform/graphql/validators.js';
import { OAuth2Grant, OAuth2Preset } from './mail-session.oauth2.enums.js';
import { TENANT_ID, type OAuth2PresetName } from './mail-session.oauth2.presets.js';

/** An absolute `https` URL without user name or password: a token endpoint. */
export function isHttpsUrl(value: unknown): boolean {
  // Printable ASCII only: the URL parser would drop a tab or line break that the stored text keeps.
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

function IsHttpsUrl(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isHttpsUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an https URL without user name or password', ...options },
      validator: { validate: (value: unknown) => value === null || value === undefined || isHttpsUrl(value) },
    });
}

/*
 * Partial update semantics, as for the rest of the input: a field left out keeps its stored
 * value; null clears a nullable field. The secrets are write-only: left out, kept; null,
 * removed; a value, replaced. They must be given again when the token endpoint, client, grant,
 * scope or the server they sign in to changes (see credentialChanges).
 */
@InputType({ description: "Changes to a server's OAuth 2.0 client; fields left out keep their values" })
export class OAuth2ClientInput {
  @Field(() => OAuth2Preset, {
    nullable: true,
    description:
      "Fills tokenUrl, scope, the grant (MICROSOFT_365: CLIENT_CREDENTIALS) and the server's host, port and security for the fields this input leaves out. Not stored",
  })
  @IsOptional()
  @IsIn(Object.values(OAuth2Preset))
  preset?: OAuth2PresetName | null;

  @Field(() => String, { nullable: true, description: 'MICROSOFT_365: the Microsoft Entra tenant id (a GUID) or one of its domain names. Not stored' })
  @IsOptional()
  @Matches(TENANT_ID, { message: 'tenantId must be a tenant id (a GUID) or a domain name' })
  tenantId?: string | null;

  @Field(() => OAuth2Grant, { nullable: true, description: 'How access tokens are obtained. Left out: kept (or the preset). Required with OAUTH2' })
  @IsOptional()
  @IsIn(Object.values(OAuth2Grant))
  grant?: Grant | null;

  @Field(() => String, { nullable: true, description: 'The token endpoint, an https URL. Left out: kept (or the preset). Required with OAUTH2' })
  @IsOptional()
  @MaxLength(2000)
  @IsHttpsUrl()
  tokenUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'The client (application) id, 1 to 500 characters. Left out: kept. Required with OAUTH2' })
  @IsOptional()
  @Length(1, 500)
  @NoLineBreaks()
  clientId?: string | null;

  @Field(() => String, { nullable: true, description: 'Space-separated scopes, 1 to 2000 characters. Left out: kept (or the preset). null: none sent' })
  @IsOptional()
  @Length(1, 2000)
  @NoLineBreaks()
  scope?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "JWT_BEARER: the service account's e-mail (the assertion's issuer). Left out: kept. null: unset",
  })
  @IsOptional()
  @MaxLength(320)
  @IsEmail()
  serviceAccountEmail?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Write-only, 1 to 4096 characters: the client secret (CLIENT_CREDENTIALS; REFRESH_TOKEN for a confidential client). Left out: kept. null: removed',
  })
  @IsOptional()
  @Length(1, 4096)
  @NoLineBreaks()
  clientSecret?: string | null;

  @Field(() => String, { nullable: true, description: 'Write-only, 1 to 8192 characters: the refresh token (REFRESH_TOKEN). Left out: kept. null: removed' })
  @IsOptional()
  @Length(1, 8192)
  @NoLineBreaks()
  refreshToken?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Write-only, at most 16384 characters: the service account's private key, PEM (PKCS#8) (JWT_BEARER). Left out: kept. null: removed",
  })
  @IsOptional()
  @Length(1, 16384)
  @Matches(/-----BEGIN PRIVATE KEY-----/, { message: 'privateKey must be a PEM private key (PKCS#8, -----BEGIN PRIVATE KEY-----)' })
  privateKey?: string | null;
}
