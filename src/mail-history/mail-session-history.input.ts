import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'Which revision restoreMailSession puts back' })
export class RestoreMailSessionInput {
  @Field(() => Int, { description: 'Version of the revision to restore (MailSessionRevision.version)' })
  version!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse (CONFLICT) unless the settings are still at this version; null or left out: restore whatever the current version is',
  })
  expectedVersion?: number | null;
}
