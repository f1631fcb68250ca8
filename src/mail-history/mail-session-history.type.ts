import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../platform/graphql/node.js';
import { PageInfo } from '../platform/graphql/page-info.js';
import {
  ConfigWarning,
  DefaultSender,
  IncomingServer,
  MailProperty,
  MailSession,
  MailSettingsFields,
  OutgoingServer,
} from '../mail-settings/mail-session.type.js';
import { FieldChange } from './field-change.type.js';

@ObjectType({ description: 'The settings as a revision left them (passwords only as passwordSet)' })
export class MailSessionSnapshot extends MailSettingsFields {
  @Field(() => IncomingServer, { description: 'The incoming server as this revision left it' })
  declare incoming: IncomingServer;

  @Field(() => OutgoingServer, { description: 'The outgoing server as this revision left it' })
  declare outgoing: OutgoingServer;

  @Field(() => [MailProperty], { description: 'The additional JavaMail properties as this revision left them, in their order' })
  declare additionalProperties: MailProperty[];

  @Field(() => DefaultSender, { description: 'The default sender as this revision left it' })
  declare defaultSender: DefaultSender;
}

@ObjectType({ implements: Node, description: 'One committed change to the settings: who made it, when, what it changed and the settings it left' })
export class MailSessionRevision implements Node {
  @Field(() => ID, { description: 'Global id of this revision (Query.node fetches it)' })
  id!: string;

  @Field(() => Int, { description: 'The settings version this change created' })
  version!: number;

  @Field({ description: 'When the change was committed' })
  changedAt!: Date;

  @Field({ description: 'Name of the token that made the change; environment or file for start-up sources' })
  changedBy!: string;

  @Field(() => [FieldChange], { description: 'The fields the change touched, in the order of the input, each with its values before and after' })
  changes!: FieldChange[];

  @Field(() => MailSessionSnapshot, { description: 'The whole settings as this change left them' })
  settings!: MailSessionSnapshot;
}

@ObjectType({ description: 'One revision in the history, with the cursor that marks its place' })
export class MailSessionRevisionEdge {
  @Field({ description: 'Opaque place of this revision in the history: pass it as after (older revisions) or before (newer ones)' })
  cursor!: string;

  @Field(() => MailSessionRevision, { description: 'The revision' })
  node!: MailSessionRevision;
}

@ObjectType({ description: 'A page of revisions, newest first (a Relay cursor connection)' })
export class MailSessionRevisionConnection {
  @Field(() => [MailSessionRevisionEdge], { description: 'The revisions of this page, newest first' })
  edges!: MailSessionRevisionEdge[];

  @Field(() => PageInfo, { description: 'Cursors of this page and whether there are revisions before and after it' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many revisions the whole history holds, whatever the page' })
  totalCount!: number;
}

@ObjectType({ description: 'The result of restoreMailSession' })
export class RestoreMailSessionPayload {
  @Field(() => MailSession, { description: 'The settings after the restore' })
  mailSession!: MailSession;

  @Field(() => [ConfigWarning], { description: 'Settings that are legal but almost surely wrong, as updateMailSession reports them' })
  warnings!: ConfigWarning[];

  @Field(() => MailSessionRevision, {
    nullable: true,
    description: 'The revision the restore committed; null when the settings already equalled the restored revision and nothing changed',
  })
  revision!: MailSessionRevision | null;
}
