import type { Meta, StoryObj } from '@storybook/react-vite';
import { bffHandlers } from '../test/bff-handlers.ts';

const meta = {
  title: 'Wizard/Not found',
  parameters: { wizardPath: '/no-such-step', msw: { handlers: bffHandlers() } },
} satisfies Meta;
export default meta;

export const UnknownStep: StoryObj<typeof meta> = {};
