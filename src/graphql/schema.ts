import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker.js';
import { mailSessionResolver } from '../mail-session/mail-session.resolver.js';
import type { MailSessionService } from '../mail-session/mail-session.service.js';
import { validationErrors } from './validation-errors.js';

export interface SchemaServices {
  mailSession: MailSessionService;
}

export function buildGraphQLSchema(services: SchemaServices): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [mailSessionResolver(services.mailSession)],
    authChecker,
    // type-graphql 2 validates nothing unless asked; values are kept out of validation errors.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    globalMiddlewares: [validationErrors],
  });
}
