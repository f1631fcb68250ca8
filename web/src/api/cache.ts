import { InMemoryCache } from '@apollo/client';
import { POSSIBLE_TYPES } from './possible-types';

/**
 * The console's normalized cache: MailSession and MailSessionRevision by their global id, the
 * interfaces' implementations known (possibleTypes), and the lists that are values of the
 * settings replaced whole, as the API replaces them (no merging of old and new rows).
 */
export function createConsoleCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes: POSSIBLE_TYPES,
    typePolicies: {
      MailSession: { fields: { additionalProperties: { merge: false } } },
      MailSessionSnapshot: { fields: { additionalProperties: { merge: false } } },
    },
  });
}
