import { IsBoolean, IsIn, IsInt, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { EmailAddressScalar } from '../platform/graphql/scalars.js';
import { IsEmailAddress, IsHostName, NoLineBreaks } from '../platform/graphql/validators.js';
import type { ConnectionSecurity as Security, MailProtocol as Protocol } from './mail-session.model.js';
import { ConnectionSecurity, MailProtocol } from './mail-session.enums.js';
import type { MailAuthentication as Authentication } from '../oauth2/oauth2-client.js';
import { MailAuthentication } from './mail-session.oauth2.enums.js';
import { OAuth2ClientInput } from './mail-session.oauth2.input.js';

/*
 * Partial update semantics: a field left out keeps its stored value. `null` has a meaning for
 * every field, given in its description (GraphQL has no "optional but not null" input field, so
 * the SDL and the types generated from it accept null everywhere a field is optional): a nullable
 * setting is cleared; a setting that always has a value (port, security, protocol,
 * deleteAfterFetch) returns to its default; an object (incoming, outgoing, defaultSender) and a
 * password are left out. `@IsOptional` lets null and undefined through the edge validation;
 * planUpdate gives them their meaning.
 */

@InputType({ description: 'Fields shared by both servers; each is optional' })
abstract class ServerInput {
  @Field(() => String, { nullable: true, description: 'Host name or IP address. Left out: kept. null: unset (the server is not used)' })
  @IsOptional()
  @IsHostName()
  host?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'TCP port, 1 to 65535. Left out: kept. null: the default port of the protocol and security in force after the change (SMTP 25, or 465 with TLS; POP3 110, or 995 with TLS; IMAP 143, or 993 with TLS)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number | null;

  @Field(() => ConnectionSecurity, { nullable: true, description: 'How the connection is secured. Left out: kept. null: the default, NONE' })
  @IsOptional()
  @IsIn(Object.values(ConnectionSecurity))
  security?: Security | null;

  @Field(() => String, { nullable: true, description: 'Login name, 1 to 320 characters. Left out: kept. null: unset (no login)' })
  @IsOptional()
  @Length(1, 320)
  @NoLineBreaks()
  user?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Write-only, 1 to 1024 characters. Left out or null: kept (remove it with clearPassword). A value: replaced. Must be given again when host, port, security, user, the incoming protocol, or a property that decides how the password travels (ssl.trust, ssl.checkserveridentity, ssl.protocols, auth.mechanisms, auth.*.disable) changes.',
  })
  @IsOptional()
  @Length(1, 1024)
  @NoLineBreaks()
  password?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'true removes the stored password; not together with password' })
  @IsOptional()
  @IsBoolean()
  clearPassword?: boolean | null;

  @Field(() => MailAuthentication, {
    nullable: true,
    description:
      'How the server is signed in to. Left out: kept (OAUTH2 when oauth2.preset is given). null: the default, PASSWORD. OAUTH2 needs a user and a complete oauth2 client',
  })
  @IsOptional()
  @IsIn(Object.values(MailAuthentication))
  authentication?: Authentication | null;

  @Field(() => OAuth2ClientInput, { nullable: true, description: 'Changes to the OAuth 2.0 client. Left out or null: kept as it is' })
  @IsOptional()
  @ValidateNested()
  oauth2?: OAuth2ClientInput | null;
}

@InputType({ description: 'Changes to the incoming (POP3 or IMAP) server; fields left out keep their values' })
export class IncomingServerInput extends ServerInput {
  @Field(() => MailProtocol, { nullable: true, description: 'Left out: kept. null: the default, POP3' })
  @IsOptional()
  @IsIn(Object.values(MailProtocol))
  protocol?: Protocol | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the application that reads the mailbox deletes fetched messages. Left out: kept. null: the default, true',
  })
  @IsOptional()
  @IsBoolean()
  deleteAfterFetch?: boolean | null;
}

@InputType({ description: 'Changes to the outgoing (SMTP) server; fields left out keep their values' })
export class OutgoingServerInput extends ServerInput {}

@InputType({ description: 'An additional JavaMail property (see the README for the supported keys)' })
export class MailPropertyInput {
  @Field({ description: 'Property key, e.g. mail.smtp.timeout; 1 to 200 characters, trimmed' })
  @Length(1, 200)
  key!: string;

  @Field({ description: 'Property value, at most 1000 characters, trimmed' })
  @MaxLength(1000)
  value!: string;
}

@InputType({ description: 'Changes to the From used when a message names none; fields left out keep their values' })
export class DefaultSenderInput {
  @Field(() => String, { nullable: true, description: 'Display name, 1 to 200 characters. Left out: kept. null: unset' })
  @IsOptional()
  @Length(1, 200)
  @NoLineBreaks()
  name?: string | null;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'Left out: kept. null: unset (the SMTP check and test e-mails then have no sender)' })
  @IsOptional()
  @MaxLength(320)
  @IsEmailAddress()
  address?: string | null;
}

@InputType({ description: 'Settings to apply over the saved ones: fields left out keep their values' })
export class MailSessionCandidateInput {
  @Field(() => IncomingServerInput, { nullable: true, description: 'Left out or null: the incoming server is kept as it is' })
  @IsOptional()
  @ValidateNested()
  incoming?: IncomingServerInput | null;

  @Field(() => OutgoingServerInput, { nullable: true, description: 'Left out or null: the outgoing server is kept as it is' })
  @IsOptional()
  @ValidateNested()
  outgoing?: OutgoingServerInput | null;

  @Field(() => [MailPropertyInput], { nullable: true, description: 'Replaces the whole list. Left out: kept. null or []: cleared' })
  @IsOptional()
  @ValidateNested({ each: true })
  additionalProperties?: MailPropertyInput[] | null;

  @Field(() => DefaultSenderInput, { nullable: true, description: 'Left out or null: the default sender is kept as it is' })
  @IsOptional()
  @ValidateNested()
  defaultSender?: DefaultSenderInput | null;
}

@InputType({ description: 'A partial update: fields left out keep their values' })
export class UpdateMailSessionInput extends MailSessionCandidateInput {
  @Field(() => Int, {
    nullable: true,
    description: 'Refuse the update (CONFLICT) unless the settings are still at this version. Left out or null: no check',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number | null;
}
