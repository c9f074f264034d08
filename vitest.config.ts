import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // vitest's default is one worker fewer than the cores: on a 2-core machine, one. Half the
    // time of these tests is spent waiting (child processes, PostgreSQL, files), so two run at once
    // (measured: 368 s with one worker, 240 s with two).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
