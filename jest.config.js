/**
 * Jest runs the TypeScript sources directly (ts-jest, ESM); end-to-end tests spawn the compiled CLI in lib/.
 *
 * The suite has four layers, told apart by the file name so that tests/ can keep mirroring src/:
 *   unit         x.test.ts          pure code, temp files and SQLite files; no servers, no spawned CLI
 *   integration  x.int.test.ts      real servers started by the test (SMTP, HTTP, PostgreSQL, IMAP, …)
 *   e2e          x.e2e.test.ts      the real CLI spawned in a temp project
 *   browser      x.browser.test.ts  real headless Chromium
 * `npm run test:unit` is the inner loop; `npm test` runs every layer.
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
  },
};

const layer = (displayName, suffix) => ({ ...shared, displayName, testMatch: [`**/*.${suffix}.test.ts`] });

export default {
  testTimeout: 60000,
  // one temp folder per run for the temp projects, removed at the end (tests/helpers/temp-root.mjs)
  globalSetup: '<rootDir>/tests/helpers/temp-root-setup.mjs',
  globalTeardown: '<rootDir>/tests/helpers/temp-root-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.(int|e2e|browser)\\.test\\.ts$'] },
    layer('integration', 'int'),
    layer('e2e', 'e2e'),
    layer('browser', 'browser'),
  ],
};
