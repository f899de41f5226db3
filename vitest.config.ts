import { defineConfig } from 'vitest/config';

/**
 * Files that measure timing (a thread's timer gaps, slow clients, leak counts over many cycles)
 * or race an upstream's start-up: they run alone, after the rest (`GATEHOUSE_TESTS=serial`).
 */
const SERIAL = [
  'test/integration/engine-off-ui-thread.test.ts',
  'test/integration/faults-leaks.test.ts',
  'test/integration/hostile-slow-clients.test.ts',
  'test/integration/modern-hostile.test.ts',
  'test/integration/soak.test.ts',
];

const serial = process.env.GATEHOUSE_TESTS === 'serial';

export default defineConfig({
  test: {
    include: serial
      ? SERIAL
      : [
          'test/unit/**/*.test.{ts,tsx}',
          'test/integration/**/*.test.ts',
          'test/keychain/**/*.test.ts',
          'test/e2e/**/*.test.ts',
        ],
    exclude: serial ? [] : ['**/node_modules/**', ...SERIAL],
    // Integration tests spawn real MCP servers; give them room on a 2-core machine without retries.
    // Two files at a time, since most wait on child processes and sockets rather than compute
    // (Vitest's default, cores − 1, runs one at a time on 2 cores); the timing tests run alone.
    maxWorkers: serial ? 1 : 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    retry: 0,
  },
});
