import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { Role } from '../config/auth-settings.js';

/** GraphQL's names for the roles of src/config/auth-settings.ts. */
export const CallerRole = { ADMIN: 'admin', VIEWER: 'viewer', SENDER: 'sender', RECEIVER: 'receiver' } as const satisfies Record<string, Role>;

registerEnumType(CallerRole, {
  name: 'CallerRole',
  description: 'What a token may do',
  valuesConfig: {
    ADMIN: { description: 'Everything any other role may, and change the settings, test the servers, send test e-mails, retry and cancel outbound mail' },
    VIEWER: { description: 'Read the settings, their history and their changes' },
    SENDER: { description: 'Send mail (sendEmail) and read the messages it sent' },
    RECEIVER: { description: 'Read inbound mail' },
  },
});

@ObjectType({
  description:
    'The caller of this request, as the service authenticated its token: what a client needs to show only what the caller may do (a read-only page for a viewer)',
})
export class Viewer {
  @Field({ description: 'Name of the token, as updatedBy and the history name the caller (oidc:<name> for an OpenID Connect token)' })
  name!: string;

  @Field(() => [CallerRole], { description: 'The roles of the token, each once; ADMIN implies every other' })
  roles!: readonly Role[];
}
