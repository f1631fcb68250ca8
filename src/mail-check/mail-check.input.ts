import { IsOptional, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MailSessionCandidateInput } from '../mail-settings/mail-session.input.js';
import { EmailAddressScalar } from '../platform/graphql/scalars.js';

/**
 * The candidate settings are one nested `settings` object, not fields of this input: what to
 * test and how to test it (the recipient) stay apart, `candidate` in the answer is simply
 * whether `settings` was given, and the candidate has the same type as the settings of an update
 * (UpdateMailSessionInput extends MailSessionCandidateInput with expectedVersion alone).
 */
@InputType({ description: 'What testMailSession tests: the saved settings, or candidate settings merged over them' })
export class TestMailSessionInput {
  @Field(() => MailSessionCandidateInput, {
    nullable: true,
    description:
      'Candidate settings, merged over the saved ones by the rules of updateMailSession (a changed host, port, security or user needs its password again). Left out or null: the saved settings are tested',
  })
  @IsOptional()
  @ValidateNested()
  settings?: MailSessionCandidateInput | null;

  @Field(() => EmailAddressScalar, {
    nullable: true,
    description: 'RCPT TO of the sender check (MAIL FROM, RCPT TO, RSET: nothing is sent). Left out or null: the sender itself',
  })
  @IsOptional()
  recipient?: string | null;
}

@InputType({ description: 'Where sendTestEmail sends its test message' })
export class SendTestEmailInput {
  @Field(() => EmailAddressScalar, { description: 'The recipient of the test message' })
  to!: string;
}
