import { Field, ObjectType } from 'type-graphql';
import { ConfigWarning, MailSession } from '../mail-settings/mail-session.type.js';

@ObjectType({ description: 'What importMailSessionProperties did' })
export class ImportMailSessionPropertiesPayload {
  @Field(() => MailSession, { description: 'The settings after the import (unchanged when it changed nothing)' })
  mailSession!: MailSession;

  @Field(() => [ConfigWarning], {
    description: 'Keys ignored (IGNORED_PROPERTY, field ["text"]), then settings that are legal but almost surely wrong, in the settings after the import',
  })
  warnings!: ConfigWarning[];
}
