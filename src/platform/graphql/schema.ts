import type { GraphQLSchema } from 'graphql';
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
import { describeRootTypes } from './root-type-descriptions.js';
import { DateTimeScalar } from './scalars.js';
import { validateArguments } from './validation-errors.js';

export interface SchemaServices {
  mailSession: MailSessionService;
  mailSessionHistory: MailSessionHistoryService;
  mailSessionProperties: MailSessionPropertiesService;
  mailCheck: MailCheckService;
}

export function buildGraphQLSchema(services: SchemaServices): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      mailSessionResolver(services.mailSession),
      mailSessionHistoryResolver(services.mailSessionHistory),
      mailSessionPropertiesResolver(services.mailSessionProperties),
      mailCheckResolver(services.mailCheck),
    ],
    authChecker,
    // Every Date is a DateTime (with @specifiedBy), not type-graphql's default DateTimeISO.
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // type-graphql 2 validates nothing unless asked: class-validator runs through validateArguments.
    validateFn: validateArguments,
  }).then(describeRootTypes);
}
