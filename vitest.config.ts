import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/setup/global-setup.ts'],
    // Each file runs in its own process: a file's local stack sets process-wide SDK endpoints.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
