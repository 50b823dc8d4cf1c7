import type { StorybookConfig } from '@storybook/react-vite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.tsx'],
  addons: ['@storybook/addon-a11y'],
  framework: {
    name: '@storybook/react-vite',
    // Not the app's vite.config.ts: Storybook needs neither Module Federation nor its build settings.
    options: { builder: { viteConfigPath: join(here, 'vite.config.ts') } },
  },
  core: { disableTelemetry: true },
};

export default config;
