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
    // jose is ESM only; the compiled service loads it with Node's require(esm), Jest cannot: compile it to CommonJS.
    '/node_modules/jose/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  maxWorkers: 2,
  // What a test file leaves is garbage (~115-155 MB stays live after a collection, measured with
  // --expose-gc --logHeapUsage), but V8 collects it late, and worker heaps grew past 700 MB over a
  // run; a bigger heap takes V8 longer to tear down than Jest waits. A worker above this after a
  // file is replaced by a fresh one (about a second).
  workerIdleMemoryLimit: '512MB',
};
