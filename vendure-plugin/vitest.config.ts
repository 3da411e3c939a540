import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // As in server/vitest.config.ts: one copy of graphql, the CommonJS build that Vendure, Apollo and
    // type-graphql load, also for the server code engine.test.ts runs (else "Cannot use
    // GraphQLNonNull from another module").
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The server's probe of PostgreSQL (Vendure needs it too); its test support reads the result.
    globalSetup: ['../server/test/support/global-setup.ts'],
    // Each file starts its own Vendure (~15 s) on its own database.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vendure is heavy: two at a time on a 2-core machine.
    maxWorkers: 2,
  },
});
