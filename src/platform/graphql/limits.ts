import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { HttpLimits } from '../../config/http-settings.js';

/** What graphql-armor adds to Apollo Server: plugins and validation rules. */
export interface GraphQLLimits {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** graphql-js stops parsing past `maxLexicalTokens`: a huge document costs no more than the limit. */
  parseOptions: ParseOptions;
}

// graphql-js 16 words it "more that N tokens"; later versions may fix the typo.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] \d+ tokens\./;

/** graphql-js names the token limit in its message; keep it to ourselves like the other limits. */
const hideTokenLimit: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (TOKEN_LIMIT_MESSAGE.test(error.message)) error.message = 'Syntax Error: Document contains too many tokens.';
        }
      },
    };
  },
};

/**
 * Depth, cost, alias and directive limits on every operation (graphql-armor), and a token limit
 * (graphql-js). A refused
 * operation gets a generic message: the limits themselves are not told (`exposeLimits: false`),
 * so a client cannot probe for the largest operation that passes. Introspection is measured too
 * except by depth and cost, whose standard query is deep by design.
 */
export function graphqlLimits(limits: HttpLimits): GraphQLLimits {
  const armor = new ApolloArmor({
    // Depth and cost count fields, not how a client groups them: unflattened, a fragment spread
    // counts two levels (its use and its definition), so the console's settings mutation (a
    // spread of a spread) was refused at depth 8 while the same fields written inline passed.
    maxDepth: { n: limits.maxDepth, exposeLimits: false, ignoreIntrospection: true, flattenFragments: true },
    costLimit: { maxCost: limits.maxCost, exposeLimits: false, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: false },
    // Armor's token limit re-parses in a plugin hook, which turns syntax errors into validation
    // errors; graphql-js's own parser option does the same job (see parseOptions).
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: false },
    // Apollo's hideSchemaDetailsFromClientErrors does this too; armor also covers validation errors.
    blockFieldSuggestion: { enabled: limits.hideSchemaDetails },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: [...plugins, hideTokenLimit], validationRules, parseOptions: { maxLexicalTokens: limits.maxTokens } };
}
