/**
 * Runs the renderer's component tests on their own (jsdom) until the root config picks up `.tsx`
 * test files; each test file also declares `@vitest-environment jsdom` so either config works.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: `${import.meta.dirname}/..`,
  test: {
    include: ['test/unit/renderer/**/*.test.tsx'],
    environment: 'jsdom',
    retry: 0,
  },
});
