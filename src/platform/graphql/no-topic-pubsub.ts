import type { PubSub } from 'type-graphql';

/**
 * type-graphql 2.0.0-rc.4 refuses to build a schema with a `@Subscription` unless `pubSub` is set,
 * even when every subscription brings its own `subscribe` function, as ours do (fed by
 * MailSessionSync.onApplied, not by topics). This one is never used: it fails loudly if it is.
 */
export const noTopicPubSub: PubSub = {
  publish(topic: string) {
    throw new Error(`topic subscriptions are not used: nothing may publish "${topic}"`);
  },
  subscribe(topic: string) {
    throw new Error(`topic subscriptions are not used: nothing may subscribe to "${topic}"`);
  },
};
