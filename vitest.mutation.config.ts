import { defineConfig } from 'vitest/config';

// The tests a mutation run of core/ uses: the unit tests of the core, nothing that needs a server.
export default defineConfig({
  test: {
    include: ['test/unit/core/**/*.test.ts'],
    // Runs the poll against SQLite, whose native build is for the Node of `npm ci`, not Node 22.
    exclude: ['test/unit/core/poll/poll-failure-paths.test.ts'],
    setupFiles: ['test/support/fast-check-seed.ts'],
    testTimeout: 30_000,
  },
});
