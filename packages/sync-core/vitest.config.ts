import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'sync-core', include: ['src/**/*.test.ts'] } });
