import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The tests a mutation run of core/ uses: the unit tests of the core, and the poll's integration
// tests that need no server (they run against the SQLite store).
export default defineConfig({
  resolve: {
    // Stryker runs on Node 22, where better-sqlite3's native module (built for the Node of
    // `npm ci`) cannot load: the store uses Node's own SQLite instead, through the same API.
    alias: {
      'better-sqlite3': fileURLToPath(new URL('test/support/node-sqlite-database.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/unit/core/**/*.test.ts', 'test/integration/core/poll/*.test.ts'],
    // These three run the poll against DynamoDB Local, which a mutation run does not start; the
    // start order's runs polls of under a second on the real clock, which a loaded machine misses.
    exclude: [
      'test/integration/core/poll/poll-start-order.test.ts',
      'test/integration/core/poll/poll-detail-bounds.test.ts',
      'test/integration/core/poll/poll-mass-part-change.test.ts',
      'test/integration/core/poll/poll-mirror-lag.test.ts',
    ],
    setupFiles: ['test/support/fast-check-seed.ts'],
    testTimeout: 30_000,
  },
});
