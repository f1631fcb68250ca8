import 'reflect-metadata';
import fc from 'fast-check';
import {
  type ASTNode,
  type ASTVisitor,
  BREAK,
  type GraphQLSchema,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  print,
  specifiedRules,
  validate,
  type ValidationRule,
  visit,
} from 'graphql';
import { DEFAULT_HTTP_LIMITS } from '../../src/config/http-settings';
import { installLazyVisitInParallel, lazyVisitInParallel } from '../../src/platform/graphql/lazy-visit-in-parallel';
import { graphqlLimits } from '../../src/platform/graphql/limits';
import { buildGraphQLSchema, type SchemaServices } from '../../src/platform/graphql/schema';

// The module graphql's validate.js reads visitInParallel from at each call.
const visitorModule = require('graphql/language/visitor.js') as { visitInParallel: (visitors: readonly ASTVisitor[]) => ASTVisitor };
const graphqlOwn = visitorModule.visitInParallel;

/** The rules Apollo Server runs in production: specified, graphql-armor's, no introspection. */
function productionRules(limits = DEFAULT_HTTP_LIMITS): ValidationRule[] {
  return [...specifiedRules, ...graphqlLimits(limits).validationRules, NoSchemaIntrospectionCustomRule];
}
const RULE_SETS: Record<string, ValidationRule[]> = {
  production: productionRules(),
  // Tight limits, so that graphql-armor's rules report too (and skip introspection subtrees).
  tight: productionRules({ ...DEFAULT_HTTP_LIMITS, maxDepth: 3, maxCost: 12, maxAliases: 1, maxDirectives: 1 }),
  specified: [...specifiedRules],
};

let schema: GraphQLSchema;
beforeAll(async () => {
  // Validation never reaches a service.
  schema = await buildGraphQLSchema({} as SchemaServices);
});
afterEach(() => {
  visitorModule.visitInParallel = graphqlOwn;
});

/**
 * The errors validate reports for `text` with `merge` as visitInParallel, as clients see them; or
 * the error it throws. graphql-js 16's SingleFieldSubscriptionsRule throws on a subscription whose
 * root selection has `@include`/`@skip` with a variable (it collects fields without variable
 * values); the two merges must throw alike.
 */
function errorsWith(merge: typeof graphqlOwn, text: string, rules: ValidationRule[]): unknown[] {
  visitorModule.visitInParallel = merge;
  try {
    return validate(schema, parse(text), rules).map((error) => error.toJSON());
  } catch (error) {
    return [{ thrown: error instanceof Error ? error.message : String(error) }];
  } finally {
    visitorModule.visitInParallel = graphqlOwn;
  }
}

const FIELD = fc.constantFrom(
  'mailSession',
  'version',
  'updatedBy',
  'incoming',
  'outgoing',
  'host',
  'port',
  'security',
  'passwordSet',
  'transports',
  'state',
  'appliedVersion',
  'additionalProperties',
  'key',
  'value',
  'defaultSender',
  'address',
  'nope',
  '__typename',
  'mailSessionHistory',
  'edges',
  'node',
);
const ARGUMENTS = fc.constantFrom('', '', '', '(first: 2)', '(first: "x")', '(nope: 1)', '(first: $count)');
const DIRECTIVES = fc.constantFrom('', '', '', '@include(if: $flag)', '@skip(if: true)', '@include(if: 1)', '@deprecated', '@skip(if: $flag) @skip(if: false)');
const ALIAS = fc.constantFrom('', '', '', 'a: ', 'b: ', 'version: ');

const selectionSet: fc.Memo<string> = fc.memo((depth) =>
  fc
    .array(
      fc.oneof(
        {
          weight: 5,
          arbitrary: fc
            .tuple(ALIAS, FIELD, ARGUMENTS, DIRECTIVES, depth > 1 ? fc.option(selectionSet(depth - 1), { nil: '' }) : fc.constant(''))
            .map((parts) => parts.join(' ')),
        },
        { weight: 1, arbitrary: fc.constantFrom('...Settings', '...Unknown', '...Cycle') },
        { weight: 1, arbitrary: depth > 1 ? selectionSet(depth - 1).map((inner) => `... on MailSession ${inner}`) : fc.constant('__typename') },
        { weight: 1, arbitrary: fc.constant('__schema { types { name fields { name } } }') },
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((selections) => `{ ${selections.join(' ')} }`),
);

const FRAGMENTS = fc.subarray([
  'fragment Settings on MailSession { version outgoing { host } }',
  'fragment Cycle on MailSession { ...Cycle }',
  'fragment Unused on Query { __typename }',
  'fragment Wrong on Nope { x }',
]);
const document = fc
  .tuple(fc.constantFrom('query', 'query Q($flag: Boolean!, $count: Int)', 'query Q($unused: Int)', 'mutation', 'subscription'), selectionSet(4), FRAGMENTS)
  .map(([head, selections, fragments]) => [`${head} ${selections}`, ...fragments].join('\n'));

describe('lazyVisitInParallel', () => {
  it('reports exactly the errors graphql-js reports, on generated documents, with every rule set', () => {
    let withErrors = 0;
    fc.assert(
      fc.property(document, (text) => {
        for (const rules of Object.values(RULE_SETS)) {
          const expected = errorsWith(graphqlOwn, text, rules);
          expect(errorsWith(lazyVisitInParallel, text, rules)).toEqual(expected);
          if (expected.length > 0) withErrors++;
        }
      }),
      { numRuns: 300 },
    );
    // The documents must exercise the rules, not only pass them.
    expect(withErrors).toBeGreaterThan(300);
  });

  it('calls, skips, stops and edits as graphql-js does: false skips a subtree, BREAK stops one visitor, a value edits', () => {
    const run = (merge: typeof graphqlOwn) => {
      const events: string[] = [];
      const label = (node: ASTNode) => `${node.kind}${'value' in node && typeof node.value === 'string' ? `:${node.value}` : ''}`;
      const skipsB: ASTVisitor = {
        enter(node) {
          events.push(`skipsB enter ${label(node)}`);
          if (node.kind === Kind.FIELD && node.name.value === 'b') return false;
          return undefined;
        },
        leave(node) {
          events.push(`skipsB leave ${label(node)}`);
        },
      };
      const breaksAtC: ASTVisitor = {
        Field: {
          enter(node) {
            events.push(`breaksAtC enter ${label(node.name)}`);
            return node.name.value === 'c' ? BREAK : undefined;
          },
          leave(node) {
            events.push(`breaksAtC leave ${label(node.name)}`);
          },
        },
        Name(node) {
          events.push(`breaksAtC name ${node.value}`);
        },
      };
      const countsSets: ASTVisitor = { SelectionSet: () => void events.push('countsSets') };
      const editsNames: ASTVisitor = {
        Name: { leave: (node) => (node.value === 'x' ? { ...node, value: 'y' } : undefined) },
        Field: { enter: (node) => (node.name.value === 'd' ? null : undefined) },
      };
      const edited = visit(parse('{ a { x } b { x } c { x } d }'), merge([skipsB, breaksAtC, countsSets, editsNames]));
      return { events, printed: print(edited) };
    };
    const expected = run(graphqlOwn);
    expect(expected.printed).toContain('y');
    expect(expected.printed).not.toMatch(/\bd\b/);
    expect(run(lazyVisitInParallel)).toEqual(expected);
  });

  it('accepts the valid operations clients send, with no error', () => {
    const valid = [
      '{ mailSession { version incoming { host port security } outgoing { host port security passwordSet } transports { outgoing { state appliedVersion } } } }',
      'query Shape($full: Boolean!) { mailSession { version outgoing @include(if: $full) { host } } }',
      'query { mailSessionHistory(first: 2) { edges { node { version } } } }',
    ];
    for (const text of valid) expect(errorsWith(lazyVisitInParallel, text, RULE_SETS.production ?? [])).toEqual([]);
  });

  it('is what graphql-js validate uses once installed, and installing twice changes nothing', () => {
    expect(installLazyVisitInParallel()).toBe(true);
    expect(visitorModule.visitInParallel).toBe(lazyVisitInParallel);
    expect(installLazyVisitInParallel()).toBe(true);
    expect(visitorModule.visitInParallel).toBe(lazyVisitInParallel);
  });

  it('is called by graphql.validate once installed, and its merged visitor is the one validate walks', () => {
    expect(installLazyVisitInParallel()).toBe(true);
    const installed = visitorModule.visitInParallel;
    const merged: ASTVisitor[] = [];
    // Counts calls through whatever is installed, while validate (the package's export) runs.
    visitorModule.visitInParallel = (visitors) => {
      const visitor = installed(visitors);
      merged.push(visitor);
      return visitor;
    };
    try {
      expect(validate(schema, parse('{ mailSession { version } }'), RULE_SETS.production ?? [])).toEqual([]);
    } finally {
      visitorModule.visitInParallel = installed;
    }
    expect(merged).toHaveLength(1);
    // graphql-js's own merge makes every AST kind an own property up front; the lazy one only
    // the kinds this document made it visit.
    const kinds = Object.getOwnPropertyNames(merged[0]);
    expect(kinds).toEqual(expect.arrayContaining([Kind.DOCUMENT, Kind.FIELD]));
    expect(kinds).not.toContain(Kind.OBJECT_TYPE_DEFINITION);
  });

  describe('installing when graphql-js has changed', () => {
    const own = (): typeof graphqlOwn => graphqlOwn;
    it.each([
      [
        'the visitor module is gone',
        () => {
          throw Object.assign(new Error("Cannot find module 'graphql/language/visitor.js'"), { code: 'MODULE_NOT_FOUND' });
        },
      ],
      ['the module no longer exports visitInParallel', () => ({ visit: () => undefined })],
      ['visitInParallel is not a function', () => ({ visitInParallel: 'nope' })],
      ['visitInParallel is a read-only export', () => Object.freeze({ visitInParallel: own() })],
      [
        'visitInParallel is a getter, as an ES module namespace has',
        () => ({
          get visitInParallel() {
            return own();
          },
        }),
      ],
      ['the module is not an object', () => undefined],
    ])('returns false and changes nothing when %s', (_why, load) => {
      expect(() => installLazyVisitInParallel(load)).not.toThrow();
      expect(installLazyVisitInParallel(load)).toBe(false);
      expect(visitorModule.visitInParallel).toBe(graphqlOwn);
      expect(validate(schema, parse('{ mailSession { version } }'), RULE_SETS.production ?? [])).toEqual([]);
    });

    it('returns false and leaves the module alone on another major version of graphql', () => {
      const module = { visitInParallel: graphqlOwn };
      expect(installLazyVisitInParallel(() => module, 17)).toBe(false);
      expect(module.visitInParallel).toBe(graphqlOwn);
      expect(installLazyVisitInParallel(() => module, 16)).toBe(true);
      expect(module.visitInParallel).toBe(lazyVisitInParallel);
    });
  });
});
