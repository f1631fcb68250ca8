import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../platform/graphql/node.js';
import type { ConnectionSecurity as Security, MailProtocol as Protocol, MailSessionSourceKind } from './mail-session.model.js';
import { ConnectionSecurity, MailProtocol, MailSessionSource, TransportState } from './mail-session.enums.js';

@ObjectType({ description: 'Incoming (POP3 or IMAP) mail server' })
export class IncomingServer {
  @Field(() => MailProtocol)
  protocol!: Protocol;

  @Field(() => String, { nullable: true, description: 'Host name or IP address; null when not configured' })
  host!: string | null;

  @Field(() => Int)
  port!: number;

  @Field(() => ConnectionSecurity)
  security!: Security;

  @Field(() => String, { nullable: true })
  user!: string | null;

  @Field({ description: 'Whether a password is stored. The password itself is never returned.' })
  passwordSet!: boolean;

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

  @Field(() => Int)
  port!: number;

  @Field(() => ConnectionSecurity)
  security!: Security;

  @Field(() => String, { nullable: true })
  user!: string | null;

  @Field({ description: 'Whether a password is stored. The password itself is never returned.' })
  passwordSet!: boolean;
}

@ObjectType({ description: 'An additional JavaMail property (see the README for the supported keys)' })
export class MailProperty {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@ObjectType({ description: 'The From used when a message names none' })
export class DefaultSender {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;
}

@ObjectType({ description: 'State of one live transport on the instance that answered' })
export class TransportStatus {
  @Field(() => TransportState)
  state!: keyof typeof TransportState;

  @Field(() => Int, { description: 'Settings version the transport was built from' })
  appliedVersion!: number;

  @Field()
  changedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why the transport FAILED; never contains a secret' })
  lastError!: string | null;
}

@ObjectType()
export class MailTransports {
  @Field(() => TransportStatus)
  outgoing!: TransportStatus;

  @Field(() => TransportStatus)
  incoming!: TransportStatus;
}

/** The settings themselves, shared by the live settings and the snapshots kept in history. */
@ObjectType()
export abstract class MailSettingsFields {
  @Field(() => IncomingServer)
  incoming!: IncomingServer;

  @Field(() => OutgoingServer)
  outgoing!: OutgoingServer;

  @Field(() => [MailProperty])
  additionalProperties!: MailProperty[];

  @Field(() => DefaultSender)
  defaultSender!: DefaultSender;
}

@ObjectType({ description: 'The mail server settings', implements: Node })
export class MailSession extends MailSettingsFields implements Node {
  @Field(() => ID, { description: 'Global id of the settings (there is one MailSession): the same for every version, so normalized caches update it in place' })
  id!: string;

  @Field(() => Int, { description: 'Increases by one with every committed change; 0 before the first' })
  version!: number;

  @Field()
  updatedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Name of the token that made the last change' })
  updatedBy!: string | null;

  @Field(() => MailSessionSource, { description: 'Where the settings in force come from; not DATABASE means the API cannot change them' })
  source!: MailSessionSourceKind;

  @Field(() => MailTransports)
  transports!: MailTransports;
}

@ObjectType({ description: 'A setting that is legal but almost surely wrong' })
export class ConfigWarning {
  @Field()
  code!: string;

  @Field({ description: 'Input path of the setting, e.g. outgoing.port' })
  field!: string;

  @Field()
  message!: string;
}

@ObjectType()
export class UpdateMailSessionPayload {
  @Field(() => MailSession)
  mailSession!: MailSession;

  @Field(() => [ConfigWarning])
  warnings!: ConfigWarning[];
}
