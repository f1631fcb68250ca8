import { ArgsType, Field, Int } from 'type-graphql';
import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE } from './mail-session-history.page-size.js';

/** The Relay connection arguments of mailSessionHistory, in Relay's order. */
@ArgsType()
export class MailSessionHistoryArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_HISTORY_PAGE,
    description: `How many revisions to return from the newest end of the range, 1 to ${MAX_HISTORY_PAGE}. Not applied when last is given; giving both is refused (BAD_USER_INPUT).`,
  })
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Only revisions older than this cursor (an endCursor or edge cursor)' })
  after!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many revisions to return from the oldest end of the range, 1 to ${MAX_HISTORY_PAGE}: with before, to page towards newer revisions`,
  })
  last!: number | null;

  @Field(() => String, { nullable: true, description: 'Only revisions newer than this cursor (a startCursor or edge cursor)' })
  before!: string | null;
}
