import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../platform/errors/domain-errors.js';
import type { RequestContext } from '../platform/graphql/context.js';
import { UpdateMailSessionPayload } from '../mail-settings/mail-session.type.js';
import type { MailSessionPropertiesService } from './liferay-properties.service.js';

/** Builds the Liferay properties resolver around a service instance (no global container). */
export function mailSessionPropertiesResolver(service: MailSessionPropertiesService) {
  @Resolver()
  class MailSessionPropertiesResolver {
    @Authorized()
    @Query(() => String, { description: "The settings in Liferay's portal-ext.properties keys, without passwords (any valid token)" })
    mailSessionProperties(): string {
      return service.export();
    }

    @Authorized('admin')
    @Mutation(() => UpdateMailSessionPayload, {
      description:
        'Applies Liferay mail properties (portal-ext.properties keys) as one update: a key left out keeps its value, an empty value means none (an empty password key removes the stored password) (admin tokens only)',
    })
    importMailSessionProperties(
      @Arg('text', () => String) text: string,
      @Arg('expectedVersion', () => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the settings are still at this version' })
      expectedVersion: number | null,
      @Ctx() context: RequestContext,
    ): Promise<UpdateMailSessionPayload> {
      if (!context.caller) throw new UnauthenticatedError();
      return service.import(text, expectedVersion, context.caller);
    }
  }
  return MailSessionPropertiesResolver;
}
