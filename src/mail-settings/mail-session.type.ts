import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ConnectionSecurity as Security, MailProtocol as Protocol } from './mail-session.model.js';
import { MailSessionSource } from '../settings-source/mail-session-source.type.js';
import type { MailSessionSourceKind } from '../settings-source/source-settings.js';

/** GraphQL enums mirror the domain's string unions value for value. */
export const MailProtocol = { POP3: 'POP3', IMAP: 'IMAP' } as const satisfies Record<Protocol, Protocol>;
export const ConnectionSecurity = {
  NONE: 'NONE',
  STARTTLS_OPTIONAL: 'STARTTLS_OPTIONAL',
  STARTTLS: 'STARTTLS',
  TLS: 'TLS',
} as const satisfies Record<Security, Security>;
export const TransportState = { READY: 'READY', DISABLED: 'DISABLED', FAILED: 'FAILED' } as const;

registerEnumType(MailProtocol, { name: 'MailProtocol', description: 'Protocol of the incoming mail server' });
registerEnumType(ConnectionSecurity, {
  name: 'ConnectionSecurity',
  description: 'How the connection to a mail server is secured',
  valuesConfig: {
    NONE: { description: 'Plain connection, never upgraded' },
    STARTTLS_OPTIONAL: { description: 'Upgraded with STARTTLS (STLS for POP3) when the server offers it' },
    STARTTLS: { description: 'Upgraded with STARTTLS; the connection fails if the server does not offer it' },
    TLS: { description: 'Implicit TLS from the first byte (SMTPS 465, IMAPS 993, POP3S 995)' },
  },
});
registerEnumType(TransportState, {
  name: 'TransportState',
  valuesConfig: {
    READY: { description: 'Built from the applied settings and in use' },
    DISABLED: { description: 'No server configured' },
    FAILED: { description: 'Could not be built from the applied settings; see lastError' },
  },
});

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

  @Field({ description: 'Delete messages from the server once pulled; a mailbox that keeps them hands them over again' })
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

@ObjectType({ description: 'The mail server settings' })
export class MailSession extends MailSettingsFields {

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
