import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../platform/graphql/node.js';
import type { ConnectionSecurity as Security, MailProtocol as Protocol, MailSessionSourceKind } from './mail-session.model.js';
import type { ConfigWarningCode as WarningCode } from './config-warning.codes.js';
import { ConfigWarningCode, ConnectionSecurity, MailProtocol, MailSessionSource, TransportState } from './mail-session.enums.js';
import { EmailAddressScalar } from '../platform/graphql/scalars.js';
import type { MailAuthentication as Authentication } from '../oauth2/oauth2-client.js';
import { MailAuthentication } from './mail-session.oauth2.enums.js';
import { OAuth2ClientType } from './mail-session.oauth2.type.js';
import { IncomingReaderStatus } from '../inbound/inbound-reader.type.js';

@ObjectType({ description: 'Incoming (POP3 or IMAP) mail server' })
export class IncomingServer {
  @Field(() => MailProtocol, { description: 'POP3 or IMAP' })
  protocol!: Protocol;

  @Field(() => String, { nullable: true, description: 'Host name or IP address; null when not configured' })
  host!: string | null;

  @Field(() => Int, { description: 'TCP port' })
  port!: number;

  @Field(() => ConnectionSecurity, { description: 'How the connection is secured' })
  security!: Security;

  @Field(() => String, { nullable: true, description: 'Login name; null: no login' })
  user!: string | null;

  @Field({ description: 'Whether a password is stored. The password itself is never returned.' })
  passwordSet!: boolean;

  @Field(() => MailAuthentication, { description: 'How the server is signed in to: with the password, or with an OAuth 2.0 access token' })
  authentication!: Authentication;

  @Field(() => OAuth2ClientType, { nullable: true, description: 'The OAuth 2.0 client; null unless authentication is OAUTH2' })
  oauth2!: OAuth2ClientType | null;

  @Field({
    description:
      'Stored for the application that reads the mailbox: whether it deletes messages from the server once fetched. This service does not fetch incoming mail.',
  })
  deleteAfterFetch!: boolean;
}

@ObjectType({ description: 'Outgoing (SMTP) mail server' })
export class OutgoingServer {
  @Field(() => String, { nullable: true, description: 'Host name or IP address; null disables sending' })
  host!: string | null;

  @Field(() => Int, { description: 'TCP port' })
  port!: number;

  @Field(() => ConnectionSecurity, { description: 'How the connection is secured' })
  security!: Security;

  @Field(() => String, { nullable: true, description: 'Login name; null: no login' })
  user!: string | null;

  @Field({ description: 'Whether a password is stored. The password itself is never returned.' })
  passwordSet!: boolean;

  @Field(() => MailAuthentication, { description: 'How the server is signed in to: with the password, or with an OAuth 2.0 access token' })
  authentication!: Authentication;

  @Field(() => OAuth2ClientType, { nullable: true, description: 'The OAuth 2.0 client; null unless authentication is OAUTH2' })
  oauth2!: OAuth2ClientType | null;
}

@ObjectType({ description: 'An additional JavaMail property (see the README for the supported keys)' })
export class MailProperty {
  @Field({ description: 'Property key, e.g. mail.smtp.timeout' })
  key!: string;

  @Field({ description: 'Property value' })
  value!: string;
}

@ObjectType({ description: 'The From used when a message names none' })
export class DefaultSender {
  @Field(() => String, { nullable: true, description: 'Display name; null: none' })
  name!: string | null;

  @Field(() => EmailAddressScalar, { nullable: true, description: 'Address; null: none (mail.smtp.from may still give one)' })
  address!: string | null;
}

@ObjectType({ description: 'State of one live transport on the instance that answered' })
export class TransportStatus {
  @Field(() => TransportState, { description: 'Whether the transport can be used' })
  state!: keyof typeof TransportState;

  @Field(() => Int, { description: 'Settings version the transport was built from' })
  appliedVersion!: number;

  @Field({ description: 'When the transport last changed state or was rebuilt' })
  changedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why the transport FAILED; never contains a secret' })
  lastError!: string | null;

  @Field(() => IncomingReaderStatus, {
    nullable: true,
    description:
      'Incoming only: the instance that reads the incoming mailbox, its last poll, the messages it stored and its last error (at most a third of INBOUND_FAILOVER_MS old on the other instances); null for outgoing, and before any instance read',
  })
  reader?: IncomingReaderStatus | null;
}

@ObjectType({ description: 'The live transports of the instance that answered, built from the settings it applied' })
export class MailTransports {
  @Field(() => TransportStatus, { description: 'The SMTP transport' })
  outgoing!: TransportStatus;

  @Field(() => TransportStatus, { description: 'The POP3 or IMAP connection settings' })
  incoming!: TransportStatus;
}

/** The settings themselves, shared by the live settings and the snapshots kept in history. */
@ObjectType()
export abstract class MailSettingsFields {
  @Field(() => IncomingServer, { description: 'The incoming (POP3 or IMAP) server' })
  incoming!: IncomingServer;

  @Field(() => OutgoingServer, { description: 'The outgoing (SMTP) server' })
  outgoing!: OutgoingServer;

  @Field(() => [MailProperty], { description: 'Additional JavaMail properties, in the order given' })
  additionalProperties!: MailProperty[];

  @Field(() => DefaultSender, { description: 'The From used when a message names none' })
  defaultSender!: DefaultSender;
}

@ObjectType({ description: 'The mail server settings', implements: Node })
export class MailSession extends MailSettingsFields implements Node {
  @Field(() => ID, { description: 'Global id of the settings (there is one MailSession): the same for every version, so normalized caches update it in place' })
  id!: string;

  @Field(() => Int, { description: 'Increases by one with every committed change; 0 before the first' })
  version!: number;

  @Field({ description: 'When the last change was committed (the installation, before the first)' })
  updatedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Name of the token that made the last change' })
  updatedBy!: string | null;

  @Field(() => MailSessionSource, { description: 'Where the settings in force come from; not DATABASE means the API cannot change them' })
  source!: MailSessionSourceKind;

  @Field(() => MailTransports, { description: 'The live transports of the instance that answered, and the settings version they use' })
  transports!: MailTransports;
}

@ObjectType({ description: 'A setting that is legal but almost surely wrong' })
export class ConfigWarning {
  @Field(() => ConfigWarningCode, { description: 'What the warning is about' })
  code!: WarningCode;

  @Field(() => [String], {
    description: 'Input path of the setting, e.g. ["outgoing", "port"], named as errors name fields (extensions.field); ["text"] for an imported key',
  })
  field!: string[];

  @Field({ description: 'What is wrong and how to fix it, for an administrator; never a secret' })
  message!: string;
}

@ObjectType({ description: 'What updateMailSession did' })
export class UpdateMailSessionPayload {
  @Field(() => MailSession, { description: 'The settings after the update (unchanged when the update changed nothing)' })
  mailSession!: MailSession;

  @Field(() => [ConfigWarning], { description: 'Settings that are legal but almost surely wrong, in the settings after the update' })
  warnings!: ConfigWarning[];
}
