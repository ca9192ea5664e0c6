import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'store/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/support/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e suites start real servers on loopback; keep parallelism modest on 2 cores
    maxWorkers: 2,
  },
});
