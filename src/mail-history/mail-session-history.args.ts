import { ArgsType } from 'type-graphql';
import { RelayPageArgs } from '../platform/graphql/relay-page.args.js';
import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE } from './mail-session-history.page-size.js';

/** The Relay connection arguments of mailSessionHistory, in Relay's order. */
@ArgsType()
export class MailSessionHistoryArgs extends RelayPageArgs({
  items: 'revisions',
  firstFrom: 'newest',
  after: 'older than this cursor (an endCursor or edge cursor)',
  before: 'newer than this cursor (a startCursor or edge cursor)',
  defaultPage: DEFAULT_HISTORY_PAGE,
  maxPage: MAX_HISTORY_PAGE,
}) {}
