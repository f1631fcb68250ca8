/**
 * The unit tests of the pure modules, without the PostgreSQL of jest.config.js: what Stryker runs
 * for each mutant (stryker.config.mjs). They also run in the full suite, under jest.config.js.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: base.testEnvironment,
  roots: base.roots,
  testMatch: ['<rootDir>/test/mail-session/**/*.test.ts', '<rootDir>/test/sources/liferay-*.test.ts', '<rootDir>/test/sources/property-lines*.test.ts'],
  // Transpile only: `npm run typecheck` checks the types, and a mutant need not compile cleanly.
  transform: {
    ...base.transform,
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: false }],
  },
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleNameMapper: base.moduleNameMapper,
  setupFiles: base.setupFiles,
  testTimeout: base.testTimeout,
};
