import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bff',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite instances and local sandboxes make some tests slower than Vitest's 5 s default.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
