import { GraphQLSchema } from 'graphql';
import { errorCodesDescription } from '../errors/error-codes.description.js';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker.js';
import { mailCheckResolver } from '../../mail-check/mail-check.resolver.js';
import type { MailCheckService } from '../../mail-check/mail-check.service.js';
import { mailSessionResolver } from '../../mail-settings/mail-session.resolver.js';
import type { MailSessionService } from '../../mail-settings/mail-session.service.js';
import { mailSessionHistoryResolver } from '../../mail-history/mail-session-history.resolver.js';
import type { MailSessionHistoryService } from '../../mail-history/mail-session-history.service.js';
import { mailSessionPropertiesResolver } from '../../liferay/liferay-properties.resolver.js';
import type { MailSessionPropertiesService } from '../../liferay/liferay-properties.service.js';
import { mailSessionNodeSource } from '../../mail-settings/mail-session.node.js';
import { mailSessionRevisionNodeSource } from '../../mail-history/mail-session-history.node.js';
import { nodeResolver } from './node.resolver.js';
import { describeRootTypes } from './root-type-descriptions.js';
import { DateTimeScalar } from './scalars.js';
import { argumentValidator } from './validation-errors.js';
import { updateMailSessionInputRules } from '../../mail-settings/mail-session.update.js';
import { testMailSessionInputRules } from '../../mail-check/mail-check.input-rules.js';
import { noTopicPubSub } from './no-topic-pubsub.js';
import { mailSessionChangedResolver } from '../../mail-settings/mail-session.subscription.js';
import { callerResolver } from '../../caller/caller.resolver.js';
import type { MailSessionChanges } from '../../mail-settings/mail-session.changes.js';
import { outboundMessageResolver } from '../../outbound/outbound-message.resolver.js';
import type { OutboundMessageService } from '../../outbound/outbound-message.service.js';
import { outboundMessageNodeSource } from '../../outbound/outbound-message.node.js';
import { inboundMessageResolver } from '../../inbound-mail/inbound-message.resolver.js';
import { inboundMessageReceivedResolver } from '../../inbound-mail/inbound-message.subscription.js';
import { inboundMessageNodeSource } from '../../inbound-mail/inbound-message.node.js';
import type { InboundMessageService } from '../../inbound-mail/inbound-message.service.js';

export interface SchemaServices {
  mailSession: MailSessionService;
  mailSessionHistory: MailSessionHistoryService;
  mailSessionProperties: MailSessionPropertiesService;
  mailCheck: MailCheckService;
  /** The `mailSessionChanged` feed: read only when a client subscribes. */
  mailSessionChanges: MailSessionChanges;
  /** sendEmail and the outbound messages (issue 16). */
  outboundMessages: OutboundMessageService;
  /** The stored inbound messages and their `inboundMessageReceived` feed (issue 17). */
  inboundMessages: InboundMessageService;
}

export async function buildGraphQLSchema(services: SchemaServices): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      mailSessionResolver(services.mailSession),
      mailSessionHistoryResolver(services.mailSessionHistory),
      mailSessionPropertiesResolver(services.mailSessionProperties),
      mailCheckResolver(services.mailCheck),
      outboundMessageResolver(services.outboundMessages),
      // Query.node: each node type's domain says how to fetch it by id.
      nodeResolver([
        mailSessionNodeSource(services.mailSession),
        mailSessionRevisionNodeSource(services.mailSessionHistory),
        outboundMessageNodeSource(services.outboundMessages),
        inboundMessageNodeSource(services.inboundMessages),
      ]),
      mailSessionChangedResolver(services.mailSessionChanges),
      inboundMessageResolver(services.inboundMessages),
      inboundMessageReceivedResolver(services.inboundMessages),
      callerResolver(),
    ],
    authChecker,
    // Every Date is a DateTime (with @specifiedBy), not type-graphql's default DateTimeISO.
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // type-graphql 2 validates nothing unless asked: class-validator and the input rules run here.
    validateFn: argumentValidator([updateMailSessionInputRules, testMailSessionInputRules]),
    pubSub: noTopicPubSub,
  });
  // The error codes, documented in the SDL (an enum of them would be a type no field uses).
  return describeRootTypes(new GraphQLSchema({ ...schema.toConfig(), description: errorCodesDescription() }));
}
