import { IsInt, IsOptional, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'Liferay mail properties to apply as one update' })
export class ImportMailSessionPropertiesInput {
  @Field({ description: 'portal-ext.properties text: mail.session.* and admin.email.from.* keys, one key=value a line' })
  text!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse (CONFLICT) unless the settings are still at this version. Left out or null: no check',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number | null;
}
