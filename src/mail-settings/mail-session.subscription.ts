import { Authorized, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../platform/graphql/context.js';
import { isSubscriptionContext, SubscriptionOverHttpError } from '../platform/graphql/subscription-context.js';
import type { MailSessionChanges } from './mail-session.changes.js';
import { MailSession } from './mail-session.type.js';

/** Builds the subscription resolver around this instance's change feed (no global container). */
export function mailSessionChangedResolver(changes: MailSessionChanges) {
  @Resolver()
  class MailSessionChangedResolver {
    // A read of the settings, as the mailSession query is: viewer (or admin).
    @Authorized('viewer')
    @Subscription(() => MailSession, {
      description:
        "The mail server settings each time the instance serving this subscription has applied a newer version (its transports included): one event per applied version, in order; and each time the state or error of a server's live OAuth 2.0 token changes on that instance (first token obtained, VALID to FAILED and back), with the same version (a token merely refreshed sends nothing). Served over WebSocket (graphql-ws) at /graphql.",
      subscribe: ({ context }: { context: RequestContext }) => {
        if (!isSubscriptionContext(context)) throw new SubscriptionOverHttpError();
        return changes.subscribe(context.dropSlowConsumer);
      },
    })
    mailSessionChanged(@Root() session: MailSession | undefined): MailSession {
      // Apollo Server runs a subscription sent over HTTP as a query: nothing was published to it.
      if (session === undefined) throw new SubscriptionOverHttpError();
      return session;
    }
  }
  return MailSessionChangedResolver;
}
