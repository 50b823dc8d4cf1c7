import { defineConfig } from 'vitest/config';

// Every package with a vitest.config.ts is a project; `pnpm test:unit` runs them all.
export default defineConfig({
  test: {
    projects: ['apps/*/vitest.config.ts', 'packages/*/vitest.config.ts'],
  },
});
