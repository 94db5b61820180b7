import { defineConfig } from 'vitest/config';

// Three projects so that unit tests never wait for DynamoDB Local (only integration tests need it).
export default defineConfig({
  test: {
    // Vitest runs one file at a time on a 2-core machine (cores - 1); most integration files wait on
    // local servers (DynamoDB Local, the simulators, bundles in child processes), so two at a time
    // take about two thirds of the time without starving the CPU-bound ones.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/fast-check-seed.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/fast-check-seed.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          setupFiles: ['test/support/fast-check-seed.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
