// ESLint flat config: typescript-eslint's type-checked rules on every TypeScript file, with
// Prettier owning layout (eslint-config-prettier turns the layout rules off).
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['src/generated/', 'dist/', 'dist-bench/', 'node_modules/', 'coverage/', 'reports/', '.stryker-tmp/', '.data/', '.scratch/']),
  // Written by graphql-codegen (npm run codegen) and compared byte for byte with its output.
  globalIgnores(['examples/generated/', 'web/src/generated/']),
  {
    // Code only: schema.graphql has its own parser and rules (at the end).
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    extends: [eslint.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      // web/vite.config.mts runs in Node, outside web/tsconfig.json (browser code only): the default project types it.
      parserOptions: { projectService: { allowDefaultProject: ['web/vite.config.mts'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The service logs through pino; only CLI entry points (below) print to the console.
      'no-console': 'error',
      // Numbers read naturally in messages (`port ${port}`); objects, nullish values and the rest stay refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(error) => reject(error)` is the idiom of callback code; a void call in any other expression stays refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Off: type-graphql's @ObjectType classes declare the shape of an answer and are never
      // constructed; services answer with plain objects of that shape, as type-graphql intends.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Off: every finding in this tree was a guard the types cannot see the need for. TypeScript
      // does not see assignments made in callbacks or across `await` (flags such as `reloadAgain`
      // look constant), Node's typings promise values that can be absent at run time
      // (`authorizationError`, `getCipher()`, an empty `getPeerCertificate()`), and a test's
      // `afterAll` must clean up what a failed `beforeAll` never created. Dropping those guards
      // would change behaviour; `noUncheckedIndexedAccess` (tsconfig) keeps index reads honest.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Off: guards against header injection and terminal escapes match control characters on purpose.
      'no-control-regex': 'off',
      // The build is CommonJS. Four modules are required on purpose: graphql's visitor module, whose
      // export lazy-visit-in-parallel replaces (an ES import compiles to a copy of it); imapflow,
      // loaded on the first IMAP check only (~5 MB, ~100 ms); mailparser, loaded by the inbound
      // poller only (its CommonJS build in ~90 ms, where import() took the ES one in ~170 ms); the
      // built service the benchmark drives.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^graphql/language/visitor\\.js$', '^imapflow$', '^mailparser$', '^(\\.\\./){2,3}dist/'] }],
      // An error another library hands over (a logged `err`, a rejection) is rethrown as it came,
      // typed `unknown`; literals and known non-errors stay refused.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      // An empty string is as good as missing in configuration (`FOO=` in an env file): `||` there is meant.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // A leading underscore marks a binding kept on purpose: a parameter an interface imposes, or a
      // property taken out of an object by destructuring so that the rest goes on without it.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Off: the interfaces we implement want functions that return a Promise (Apollo Server plugin
      // hooks, Fastify handlers); `async` is the plain way to write them, even with nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The admin console (web/src, typed by web/tsconfig.json) runs in the browser, not in Node.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // CLI entry points talk to whoever runs them.
    files: ['src/main.ts', 'src/migrate.ts', 'src/rotate-secrets.ts', 'bench/**/*.ts', 'scripts/**/*.js'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Jest prints a test's console output beside it: some tests report measurements (memory
      // growth under a hostile peer) or why a suite was skipped. Logging (log, debug) stays refused.
      'no-console': ['error', { allow: ['info', 'warn'] }],
      // Jest's asymmetric matchers (`expect.any(String)`, `expect.stringMatching(...)`) are typed
      // `any`; placing one in an expected object is their whole use.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // Plain JavaScript (tool configs, the install script) is outside every tsconfig: lint it without types.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The schema as clients see it (schema.graphql, printed by `npm run schema`): graphql-eslint's
    // schema-recommended and Relay rules, and a description on every type, field, argument, input
    // field and enum value.
    files: ['schema.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      '@graphql-eslint/require-description': [
        'error',
        { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true, DirectiveDefinition: true },
      ],
      // Every object with an identity has `id: ID!` (and implements Node); these have none of their
      // own: parts of a MailSession or a revision, Relay's plumbing, or the outcome of one call,
      // which a normalized cache keeps inside their parent. A new object type either gets an `id`
      // or joins this list, on purpose.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          exceptions: {
            suffixes: ['Connection', 'Edge', 'Payload', 'FieldChange'],
            types: [
              'PageInfo',
              'IncomingServer',
              'OutgoingServer',
              'MailProperty',
              'DefaultSender',
              'MailTransports',
              'TransportStatus',
              'MailSessionSnapshot',
              'ConfigWarning',
              'MailSessionTestReport',
              'ServerCheckReport',
              'MailCheckStep',
              'TlsInfo',
              'CertificateInfo',
              'OAuth2TokenCheck',
              'TestEmailResult',
              // A server's OAuth 2.0 client and its token: values of their IncomingServer or
              // OutgoingServer (one per server, no identity of their own), cached inside it.
              'OAuth2Client',
              'OAuth2TokenStatus',
              // The caller of one request (Query.viewer), read from its token: nothing stored to fetch again.
              'Viewer',
              // An outbound message's last error and its refused recipients: values of the message.
              'OutboundError',
              'RejectedRecipient',
              // The incoming mail reader's status: a value of transports.incoming, not an entity.
              'IncomingReaderStatus',
              // Parts of one InboundMessage (its From, a header field, an attachment's metadata),
              // with no identity outside it.
              'InboundAddress',
              'InboundHeader',
              'InboundAttachment',
            ],
          },
        },
      ],
      // listTypeCanWrapOnlyEdgeType off: it would allow a list only of Relay edges, but a property
      // list, the fields a revision changed, EHLO extensions or accepted addresses are values of
      // their parent, complete and small, not collections to page through. The edge rules stay on.
      '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: true, listTypeCanWrapOnlyEdgeType: false }],
    },
  },
  prettier,
);
