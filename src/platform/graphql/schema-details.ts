/**
 * graphql-js words its coercion and validation errors with schema details the client did not ask
 * for: suggestions (`Did you mean the enum value "STARTTLS"?`, `Did you mean "host"?`) and the
 * names of types (`Value does not exist in "ConnectionSecurity" enum`, `Field "x" is not defined
 * by type "OutgoingServerInput"`, `Int cannot represent ...`). Apollo's
 * `hideSchemaDetailsFromClientErrors` drops suggestions from validation errors only, not from
 * variable coercion errors. In production every client-safe message goes through this instead.
 */
const REWRITES: readonly (readonly [RegExp, string])[] = [
  [/ ?Did you mean [^?]*\?/g, ''],
  // graphql-armor's stand-in for a suggestion it removed.
  [/ ?\[Suggestion hidden\]\??/g, ''],
  [/Field "(\w+)" of required type "[^"]*" was not provided/g, 'Field "$1" is required'],
  [/Field "(\w+)" is not defined by type "[^"]*"/g, 'Field "$1" is not defined'],
  [/Expected type "[^"]*" to be an object/g, 'An object is expected'],
  [/Expected non-nullable type "[^"]*" not to be null/g, 'A value is required, not null'],
  [/Value ("(?:[^"\\]|\\.)*" )?does not exist in "[^"]*" enum/g, 'Value $1is not one of the allowed values'],
  [/Enum "[^"]*" cannot represent non-string value/g, 'An enum value is expected'],
  [/\b(?:Int|Float|String|Boolean|ID) cannot represent [^:.;]*/g, 'The value has the wrong type'],
];

/** `message` without suggestions and without the names of the schema's types (see above). */
export function withoutSchemaDetails(message: string): string {
  return REWRITES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}
