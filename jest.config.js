/** Integration tests against a real PostgreSQL (see test/support/global-setup.ts). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Each file is compiled on its own (isolatedModules), as CommonJS: a worker then holds no
    // TypeScript program of the whole project (400-600 MB per worker with type checking, which
    // V8 took longer than Jest's 500 ms to tear down: "A worker process has failed to exit
    // gracefully"). Types are checked by `npm run typecheck` (CI runs it) and the editor.
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } }],
    // jose and content-disposition (of @fastify/static) are ESM only; the compiled service loads them
    // with Node's require(esm), Jest cannot: compile them to CommonJS.
    '/node_modules/(jose|content-disposition)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|content-disposition)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  maxWorkers: 2,
  // A worker ends by exiting on its own once Jest tells it to (no handle is left: measured); what
  // takes time is the process tearing down its heap, ~200 ms for 330-390 MB on a loaded 2-core
  // machine, and Jest force-kills a worker after 500 ms ("A worker process has failed to exit
  // gracefully"). A test file leaves mostly garbage (115-155 MB stay live after a collection),
  // which V8 collects late; a worker above this limit after a file is replaced by a fresh one, so
  // heaps stay small and the last exit takes 20-70 ms.
  workerIdleMemoryLimit: '256MB',
};
