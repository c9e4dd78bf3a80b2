import { defineConfig } from 'vitest/config';

// Two layers: pure unit tests (fast, no Docker) and engine tests against a
// real Docker engine and the real lab images. Engine tests fail, never skip,
// when the engine is missing.
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], testTimeout: 20_000 } },
      {
        test: {
          name: 'engine',
          include: ['tests/engine/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // the machine has 2 cores; parallel files would only measure contention
          fileParallelism: false,
        },
      },
    ],
  },
});
