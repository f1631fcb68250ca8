import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { IsHostName, NoLineBreaks } from '../platform/graphql/validators.js';
import type { ConnectionSecurity as Security, MailProtocol as Protocol } from './mail-session.model.js';
import { ConnectionSecurity, MailProtocol } from './mail-session.enums.js';

/*
 * Partial update semantics: a field left out keeps its stored value; `null` clears a nullable
 * field. A non-nullable field sent as null is refused by the service. `@IsOptional` lets both
 * through the edge validation; the service tells them apart.
 */

@InputType({ description: 'Fields shared by both servers; each is optional' })
abstract class ServerInput {
  @Field(() => String, { nullable: true, description: 'Host name or IP address; null unsets it' })
  @IsOptional()
  @IsHostName()
  host?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number | null;

  @Field(() => ConnectionSecurity, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(ConnectionSecurity))
  security?: Security | null;

  @Field(() => String, { nullable: true, description: 'Login name; null unsets it' })
  @IsOptional()
  @Length(1, 320)
  @NoLineBreaks()
  user?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Write-only. Left out: kept. A value: replaced. Must be given again when host, port, security, user, the incoming protocol, or a property that decides how the password travels (ssl.trust, ssl.checkserveridentity, ssl.protocols, auth.mechanisms, auth.*.disable) changes.',
  })
  @IsOptional()
  @Length(1, 1024)
  @NoLineBreaks()
  password?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true removes the stored password' })
  @IsOptional()
  @IsBoolean()
  clearPassword?: boolean | null;
}

@InputType()
export class IncomingServerInput extends ServerInput {
  @Field(() => MailProtocol, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(MailProtocol))
  protocol?: Protocol | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  deleteAfterFetch?: boolean | null;
}

@InputType()
export class OutgoingServerInput extends ServerInput {}

@InputType()
export class MailPropertyInput {
  @Field()
  @Length(1, 200)
  key!: string;

  @Field()
  @MaxLength(1000)
  value!: string;
}

@InputType()
export class DefaultSenderInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  @NoLineBreaks()
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false, require_tld: false, allow_ip_domain: true }, { message: '$property must be an e-mail address' })
  address?: string | null;
}

@InputType({ description: 'A partial update: fields left out keep their values' })
export class UpdateMailSessionInput {
  @Field(() => Int, { nullable: true, description: 'Refuse the update (CONFLICT) unless the settings are still at this version' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number | null;

  @Field(() => IncomingServerInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  incoming?: IncomingServerInput | null;

  @Field(() => OutgoingServerInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  outgoing?: OutgoingServerInput | null;

  @Field(() => [MailPropertyInput], { nullable: true, description: 'Replaces the whole list; null or [] clears it' })
  @IsOptional()
  @ValidateNested({ each: true })
  additionalProperties?: MailPropertyInput[] | null;

  @Field(() => DefaultSenderInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  defaultSender?: DefaultSenderInput | null;
}
