import { ArgsType, Field, Int } from 'type-graphql';

/** How a connection's items are ordered, named the way its argument descriptions speak of them. */
export interface RelayPageWording {
  /** The items, plural: `messages`, `revisions`. */
  readonly items: string;
  /** The end `first` counts from: `newest` or `oldest`. */
  readonly firstFrom: 'newest' | 'oldest';
  /** What `after` keeps: `older than this cursor`, `stored after this cursor`. */
  readonly after: string;
  /** What `before` keeps. */
  readonly before: string;
  readonly defaultPage: number;
  readonly maxPage: number;
}

/**
 * Relay's forward and backward paging arguments (first/after, last/before, in Relay's order) for a
 * connection, with descriptions in its own words. A connection's own `@ArgsType` extends the
 * returned class and adds its filters.
 */
export function RelayPageArgs(wording: RelayPageWording) {
  const lastFrom = wording.firstFrom === 'newest' ? 'oldest' : 'newest';
  const towards = wording.firstFrom === 'newest' ? 'newer' : 'older';
  @ArgsType()
  abstract class PageArgs {
    @Field(() => Int, {
      nullable: true,
      defaultValue: wording.defaultPage,
      description: `How many ${wording.items} to return from the ${wording.firstFrom} end of the range, 1 to ${wording.maxPage}. Not applied when last is given; giving both is refused (BAD_USER_INPUT).`,
    })
    first!: number | null;

    @Field(() => String, { nullable: true, description: `Only ${wording.items} ${wording.after}` })
    after!: string | null;

    @Field(() => Int, {
      nullable: true,
      description: `How many ${wording.items} to return from the ${lastFrom} end of the range, 1 to ${wording.maxPage}: with before, to page towards ${towards} ${wording.items}`,
    })
    last!: number | null;

    @Field(() => String, { nullable: true, description: `Only ${wording.items} ${wording.before}` })
    before!: string | null;
  }
  return PageArgs;
}
