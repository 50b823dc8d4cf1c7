import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'dev-stack', testTimeout: 60_000, hookTimeout: 120_000 } });
