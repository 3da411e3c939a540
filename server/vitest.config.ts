import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node (and so the server in production) loads graphql's CommonJS build, as type-graphql and
    // Apollo do; Vite would pick its ES build for the server's own imports, a second copy of
    // graphql whose types the first refuses ("Cannot use GraphQLNonNull from another module").
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file opens its own databases; a few at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
  },
});
