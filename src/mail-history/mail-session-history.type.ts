import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import type { RecordedValue } from './mail-session-history.changes.js';
import { MailSettingsFields } from '../mail-settings/mail-session.type.js';

@ObjectType({ description: 'One field a change touched, with its values before and after' })
export class FieldChange {
  @Field({ description: 'Input path, e.g. outgoing.port' })
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Value before the change; always null for a password' })
  oldValue!: RecordedValue;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Value after the change; always null for a password' })
  newValue!: RecordedValue;

  @Field({ description: 'A password: only that it changed (set, replaced or removed) is recorded, never a value' })
  secret!: boolean;
}

@ObjectType({ description: 'The settings as a revision left them (passwords only as passwordSet)' })
export class MailSessionSnapshot extends MailSettingsFields {}

@ObjectType({ description: 'One committed change to the settings' })
export class MailSessionRevision {
  @Field(() => Int, { description: 'The settings version this change created' })
  version!: number;

  @Field()
  changedAt!: Date;

  @Field({ description: 'Name of the token that made the change; environment or file for start-up sources' })
  changedBy!: string;

  @Field(() => [FieldChange])
  changes!: FieldChange[];

  @Field(() => MailSessionSnapshot)
  settings!: MailSessionSnapshot;
}

@ObjectType()
export class MailSessionRevisionEdge {
  @Field({ description: 'Pass as `after` to read the revisions older than this one' })
  cursor!: string;

  @Field(() => MailSessionRevision)
  node!: MailSessionRevision;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; null when the page is empty' })
  endCursor!: string | null;
}

@ObjectType({ description: 'Revisions, newest first' })
export class MailSessionRevisionConnection {
  @Field(() => [MailSessionRevisionEdge])
  edges!: MailSessionRevisionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
