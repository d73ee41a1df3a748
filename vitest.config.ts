import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/setup/global-setup.ts'],
    setupFiles: ['test/setup/check-worthiness-model.ts'],
    // Each file runs in its own process: a file's local stack sets process-wide SDK endpoints.
    pool: 'forks',
    // Step logs at INFO would bury the test report; tests that read logs set their own level.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    // Longer than the longest wait inside a test (the reliability tests wait up to 120 s for a claim on a loaded
    // machine), so a slow run fails, if it does, on that wait's own message rather than on a bare timeout.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
