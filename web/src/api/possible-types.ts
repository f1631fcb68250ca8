/**
 * Apollo Client's `possibleTypes`: which object types implement each interface the console reads
 * through inline fragments. Without an entry the cache cannot match `... on StringFieldChange` on a
 * `FieldChange` and drops the values. test/console/possible-types.test.ts checks these lists against
 * schema.graphql and the console's documents.
 */
export const POSSIBLE_TYPES: Readonly<Record<string, string[]>> = {
  FieldChange: [
    'BooleanFieldChange',
    'ConnectionSecurityFieldChange',
    'EmailAddressFieldChange',
    'IntFieldChange',
    'MailAuthenticationFieldChange',
    'MailPropertiesFieldChange',
    'MailProtocolFieldChange',
    'OAuth2GrantFieldChange',
    'SecretFieldChange',
    'StringFieldChange',
  ],
};
