import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.{ts,tsx}',
      'test/integration/**/*.test.ts',
      'test/keychain/**/*.test.ts',
      'test/e2e/**/*.test.ts',
    ],
    // Integration tests spawn real MCP servers; give them room on a 2-core machine without retries.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    retry: 0,
  },
});
