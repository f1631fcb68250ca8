import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { Role } from '../config/auth-settings.js';

/** GraphQL's names for the roles of src/config/auth-settings.ts. */
export const CallerRole = { ADMIN: 'admin', VIEWER: 'viewer' } as const satisfies Record<string, Role>;

registerEnumType(CallerRole, {
  name: 'CallerRole',
  description: 'What a token may do',
  valuesConfig: {
    ADMIN: { description: 'Read the settings and their history, change them, test the servers and send test e-mails' },
    VIEWER: { description: 'Read the settings and their history only' },
  },
});

@ObjectType({
  description:
    'The caller of this request, as the service authenticated its token: what a client needs to show only what the caller may do (a read-only page for a viewer)',
})
export class Viewer {
  @Field({ description: 'Name of the token, as updatedBy and the history name the caller (oidc:<name> for an OpenID Connect token)' })
  name!: string;

  @Field(() => CallerRole, { description: 'The role of the token' })
  role!: Role;
}
