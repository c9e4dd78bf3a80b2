import { defineConfig } from 'vitest/config';

// Layers: pure unit tests (fast, no Docker), browser tests of generated pages, and engine tests against a
// real Docker engine and the real lab images. Engine tests fail, never skip,
// when the engine is missing.
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], testTimeout: 20_000 } },
      // pages checked in a real headless Chromium (Debian's package at /usr/bin/chromium; fails, never skips, without it)
      { test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 } },
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
