import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, EmailAddressResolver } from 'graphql-scalars';

/**
 * `DateTime`: graphql-scalars' RFC 3339 date-time at UTC (serialized as `toISOString()` gives
 * it), with the `@specifiedBy` URL graphql-scalars leaves out, pointing at the GraphQL Scalars
 * project's specification of that very format. Every date of the schema uses it: buildSchema
 * maps TypeScript's `Date` to it (`scalarsMap`).
 */
const dateTime = DateTimeResolver.toConfig();

export const DateTimeScalar = new GraphQLScalarType({
  ...dateTime,
  name: 'DateTime',
  // graphql-scalars returns a Date, left to JSON.stringify to turn into text: answer the text itself.
  serialize: (value) => {
    const serialized = dateTime.serialize(value);
    return serialized instanceof Date ? serialized.toISOString() : serialized;
  },
  description: 'A date and time at UTC in RFC 3339 format (e.g. 2026-12-05T04:03:52.384Z), as ISO 8601 profiles it',
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time.html',
});

/** `EmailAddress` (graphql-scalars, with its `@specifiedBy`): every e-mail address of the schema. */
export const EmailAddressScalar = EmailAddressResolver;

/** Whether `value` is an address the `EmailAddress` scalar accepts (so that the schema can return every stored one). */
export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    EmailAddressResolver.parseValue(value);
    return true;
  } catch {
    return false;
  }
}
