import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own Vendure (~15 s) on its own database.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vendure is heavy: two at a time on a 2-core machine.
    maxWorkers: 2,
  },
});
