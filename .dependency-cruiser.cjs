/**
 * The layout rules of issue 11 (see the README, "Project layout"), checked by `npm run lint:deps`.
 * Paths are relative to the repository root; `src/generated` (the Prisma client) is generated and
 * not ours, so it is left out of every rule except as a target.
 */

/** Our GraphQL surface: the plumbing, type-graphql and every type/input/resolver module. */
const GRAPHQL = ['^src/platform/graphql/', '\\.(resolver|type|input|enums)\\.ts$'];
const SOURCES = ['^src/settings-source/', '^src/liferay/'];
const PRISMA = ['^src/generated/prisma/', '(^|/)node_modules/@prisma/', '(^|/)node_modules/\\.prisma/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type-only imports included: a shared type moves down into a module both sides import.',
      // The generated Prisma client has circles of its own; it is not ours to change.
      from: { pathNot: '^src/generated/' },
      to: { circular: true },
    },
    {
      name: 'javamail-is-pure',
      severity: 'error',
      comment:
        'The JavaMail property language imports nothing of ours outside src/javamail, except the closed set of ' +
        'domain errors (its parse errors are BadUserInputErrors carrying the input field).',
      from: { path: '^src/javamail/' },
      to: { path: '^src/', pathNot: ['^src/javamail/', '^src/platform/errors/domain-errors\\.ts$'] },
    },
    {
      name: 'settings-model-knows-no-graphql',
      severity: 'error',
      comment: 'The settings model and row are plain data: no GraphQL, transport or start-up source.',
      from: { path: '^src/mail-settings/mail-session\\.(model|row)\\.ts$' },
      to: { path: [...GRAPHQL, '(^|/)node_modules/(type-graphql|graphql|graphql-scalars|class-validator)/', '^src/transport/', ...SOURCES] },
    },
    {
      name: 'transport-depends-on-nothing-above-it',
      severity: 'error',
      comment: 'Transports are built from the settings; connection checks, sources and resolvers use them, never the reverse.',
      from: { path: '^src/transport/' },
      to: { path: ['^src/mail-check/', ...SOURCES, '\\.resolver\\.ts$'] },
    },
    {
      name: 'resolvers-never-touch-prisma',
      severity: 'error',
      comment: 'Resolvers are thin: they call a service, which reaches the database through a repository.',
      from: { path: '\\.resolver\\.ts$' },
      to: { path: [...PRISMA, '\\.repository\\.ts$'] },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports is dead code, or an entry point listed here.',
      from: {
        orphan: true,
        pathNot: ['\\.d\\.ts$', '^src/(main|migrate|rotate-secrets)\\.ts$', '^src/generated/'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a circle through `import type` is still a circle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
