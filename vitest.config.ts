import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { events: 'events/' } },
  // Unit tests may exercise test-only code paths (src/buildFlags.d.ts).
  define: { __STATREAD_TEST_HOOKS__: 'true' },
  test: {
    include: ['src/**/*.test.ts', 'trainer/**/*.test.ts', 'test-support/**/*.test.ts', 'fuzz/**/*.test.ts', 'scripts/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
