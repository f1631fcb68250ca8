import { Field, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { ConnectionSecurity as Security, MailProtocol as Protocol } from '../mail-settings/mail-session.model.js';
import { ConnectionSecurity, MailProtocol } from '../mail-settings/mail-session.enums.js';
import { MailProperty } from '../mail-settings/mail-session.type.js';
import { EmailAddressScalar } from '../platform/graphql/scalars.js';
import type { SecretChange as SecretChangeKind } from './mail-session-history.changes.js';
import type { MailAuthentication as Authentication, OAuth2Grant as Grant } from '../oauth2/oauth2-client.js';
import { MailAuthentication, OAuth2Grant } from '../mail-settings/mail-session.oauth2.enums.js';

export const SecretChange = { SET: 'SET', CHANGED: 'CHANGED', REMOVED: 'REMOVED' } as const satisfies Record<SecretChangeKind, SecretChangeKind>;

registerEnumType(SecretChange, {
  name: 'SecretChange',
  description: 'What a change did to a password or an OAuth 2.0 secret; history records nothing more about it',
  valuesConfig: {
    SET: { description: 'A secret was stored where there was none' },
    CHANGED: { description: 'The stored secret was replaced by another' },
    REMOVED: { description: 'The stored secret was removed' },
  },
});

@InterfaceType({
  description:
    'One field a change touched. Each implementation carries the values before and after in the type of that field, under names of their own (oldInt, newInt, ...) so that one selection can ask for all of them without aliases; a password only says what happened to it. Select them with inline fragments on the implementations.',
})
export abstract class FieldChange {
  @Field(() => [String], { description: 'Input path of the field, e.g. ["outgoing", "port"], as errors and warnings name fields' })
  field!: string[];
}

@ObjectType({
  implements: FieldChange,
  description:
    'A change to a text field: a host, a user, an OAuth 2.0 token URL, client id, scope or service account, the sender name (or a sender address recorded before addresses were typed EmailAddress)',
})
export class StringFieldChange extends FieldChange {
  @Field(() => String, { nullable: true, description: 'The value before the change; null when it was not set' })
  oldString!: string | null;

  @Field(() => String, { nullable: true, description: 'The value after the change; null when it is not set' })
  newString!: string | null;
}

@ObjectType({ implements: FieldChange, description: 'A change to an e-mail address: the default sender address' })
export class EmailAddressFieldChange extends FieldChange {
  @Field(() => EmailAddressScalar, { nullable: true, description: 'The address before the change; null when none was set' })
  oldAddress!: string | null;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'The address after the change; null when none is set' })
  newAddress!: string | null;
}

@ObjectType({ implements: FieldChange, description: 'A change to a whole number: a port' })
export class IntFieldChange extends FieldChange {
  @Field(() => Int, { description: 'The value before the change' })
  oldInt!: number;

  @Field(() => Int, { description: 'The value after the change' })
  newInt!: number;
}

@ObjectType({ implements: FieldChange, description: 'A change to a yes/no setting, e.g. incoming.deleteAfterFetch' })
export class BooleanFieldChange extends FieldChange {
  @Field({ description: 'The value before the change' })
  oldBoolean!: boolean;

  @Field({ description: 'The value after the change' })
  newBoolean!: boolean;
}

@ObjectType({ implements: FieldChange, description: 'A change to how a connection is secured' })
export class ConnectionSecurityFieldChange extends FieldChange {
  @Field(() => ConnectionSecurity, { description: 'The value before the change' })
  oldSecurity!: Security;

  @Field(() => ConnectionSecurity, { description: 'The value after the change' })
  newSecurity!: Security;
}

@ObjectType({ implements: FieldChange, description: 'A change to the protocol of the incoming server' })
export class MailProtocolFieldChange extends FieldChange {
  @Field(() => MailProtocol, { description: 'The value before the change' })
  oldProtocol!: Protocol;

  @Field(() => MailProtocol, { description: 'The value after the change' })
  newProtocol!: Protocol;
}

@ObjectType({ implements: FieldChange, description: 'A change to how a server is signed in to: PASSWORD or OAUTH2' })
export class MailAuthenticationFieldChange extends FieldChange {
  @Field(() => MailAuthentication, { description: 'The value before the change' })
  oldAuthentication!: Authentication;

  @Field(() => MailAuthentication, { description: 'The value after the change' })
  newAuthentication!: Authentication;
}

@ObjectType({ implements: FieldChange, description: "A change to the grant of a server's OAuth 2.0 client" })
export class OAuth2GrantFieldChange extends FieldChange {
  @Field(() => OAuth2Grant, { nullable: true, description: 'The value before the change; null when none was set' })
  oldGrant!: Grant | null;

  @Field(() => OAuth2Grant, { nullable: true, description: 'The value after the change; null when none is set' })
  newGrant!: Grant | null;
}

@ObjectType({ implements: FieldChange, description: 'A change to the additional JavaMail properties: the whole list before and after' })
export class MailPropertiesFieldChange extends FieldChange {
  @Field(() => [MailProperty], { description: 'The properties before the change, in their order' })
  oldProperties!: MailProperty[];

  @Field(() => [MailProperty], { description: 'The properties after the change, in their order' })
  newProperties!: MailProperty[];
}

@ObjectType({
  implements: FieldChange,
  description:
    'A change to a password or an OAuth 2.0 secret (client secret, refresh token, private key): never a value, only whether it was set, replaced or removed',
})
export class SecretFieldChange extends FieldChange {
  @Field(() => SecretChange, { description: 'What the change did to the secret' })
  change!: SecretChangeKind;
}
