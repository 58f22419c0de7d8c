import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { events: 'events/' } },
  test: {
    include: ['src/**/*.test.ts', 'trainer/**/*.test.ts', 'test-support/**/*.test.ts', 'fuzz/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
