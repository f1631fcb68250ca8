// @ts-check
/**
 * `npm run test:mutation`: mutation testing of the pure modules (they import no I/O), with the
 * unit tests of jest.unit.config.js. Not in CI: too slow on two cores. Its score is in the README.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.unit.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // No TypeScript checker yet: its cost on this machine is not measured. Without it a mutant that
  // would not compile runs anyway and is usually killed; none is counted as a compile error.
  concurrency: 2,
  mutate: [
    'src/javamail/mail-properties.ts',
    'src/javamail/mail-properties.keys.ts',
    'src/javamail/mail-properties.values.ts',
    'src/javamail/host-name.ts',
    'src/mail-settings/mail-session.warnings.ts',
    'src/mail-settings/mail-session.update.ts',
    'src/liferay/liferay-properties.ts',
    'src/settings-source/property-lines.ts',
    'src/liferay/javamail-security-keys.ts',
  ],
  // A static mutant (a module-level table or constant) runs every test, not just those that
  // cover it: 22 % of the mutants took 57 % of the time. The tables are pinned by the
  // round-trip and README tests instead; the score counts the other mutants.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
