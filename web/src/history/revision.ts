import type { ConsoleMailSessionHistoryQuery } from '../generated/graphql';

/** One revision as the history view reads it. */
export type Revision = ConsoleMailSessionHistoryQuery['mailSessionHistory']['edges'][number]['node'];

/** One field a revision changed. */
export type Change = Revision['changes'][number];
