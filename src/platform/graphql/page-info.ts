import { Field, ObjectType } from 'type-graphql';

/** Relay's PageInfo, shared by every connection. */
@ObjectType({ description: 'Where a page of a connection lies in the whole list (Relay cursor connections)' })
export class PageInfo {
  @Field({ description: 'Whether the list goes on after the last edge of this page: read it with first and after: endCursor' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether the list has edges before the first edge of this page: read them with last and before: startCursor' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of this page; null when the page is empty' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of this page; null when the page is empty' })
  endCursor!: string | null;
}
