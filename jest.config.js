/**
 * Jest 30 + ts-jest in ESM mode, in three projects (run through npm, which sets --experimental-vm-modules):
 * - unit: everything fast (`npm run test:unit`);
 * - slow: the GitHub emulator's own suites, suites against the emulator, the real datasets and the
 *   concurrency bench (`npm run test:slow`);
 * - e2e: the bundled dist/ run as the Actions runner runs it (`npm run test:e2e`); its global setup
 *   rebuilds dist/ first when it is not built from the current sources.
 * `npm test` runs all three. Every test file belongs to exactly one project
 * (__tests__/tools/jest-projects.test.ts checks it).
 */
const ALL = '**/__tests__/**/*.test.ts'

export const E2E = ['**/__tests__/e2e/**/*.test.ts']
export const SLOW = [
  '**/__tests__/emulator/**/*.test.ts',
  '**/__tests__/emulator-git/**/*.test.ts',
  '**/__tests__/**/*.emulator.test.ts',
  '**/__tests__/record/emulator.test.ts',
  '**/__tests__/metrics/datasets.test.ts',
  '**/__tests__/store/concurrency-bench.test.ts',
  '**/__tests__/metrics/bitcoin-core-gui.test.ts',
  '**/__tests__/release/pack.test.ts'
]

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }]
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/']
}

export default {
  // A global option: jest-circus ignores a testTimeout set inside a project.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [ALL, ...[...SLOW, ...E2E].map((glob) => `!${glob}`)]
    },
    { ...common, displayName: 'slow', testMatch: SLOW },
    {
      ...common,
      displayName: 'e2e',
      testMatch: E2E,
      globalSetup: '<rootDir>/__tests__/e2e/setup/global-setup.js'
    }
  ]
}
