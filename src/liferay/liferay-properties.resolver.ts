import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import { ImportMailSessionPropertiesInput } from './liferay-properties.input.js';
import type { MailSessionPropertiesService } from './liferay-properties.service.js';
import { ImportMailSessionPropertiesPayload } from './liferay-properties.type.js';

/** Builds the Liferay properties resolver around a service instance (no global container). */
export function mailSessionPropertiesResolver(service: MailSessionPropertiesService) {
  @Resolver()
  class MailSessionPropertiesResolver {
    @Authorized('viewer')
    @Query(() => String, { description: "The settings in Liferay's portal-ext.properties keys, without passwords (viewer or admin tokens)" })
    mailSessionProperties(): string {
      return service.export();
    }

    @Authorized('admin')
    @Mutation(() => ImportMailSessionPropertiesPayload, {
      description:
        'Applies Liferay mail properties (portal-ext.properties keys) as one update: a key left out keeps its value, an empty value means none (an empty password key removes the stored password) (admin tokens only)',
    })
    importMailSessionProperties(
      @Arg('input', () => ImportMailSessionPropertiesInput, { description: 'The properties, and the version they apply to' })
      input: ImportMailSessionPropertiesInput,
      @Ctx() context: RequestContext,
    ): Promise<ImportMailSessionPropertiesPayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.import(input.text, input.expectedVersion, context.caller);
    }
  }
  return MailSessionPropertiesResolver;
}
