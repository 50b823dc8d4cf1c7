import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { bffHandlers, type BffScenario } from '../../../test/bff-handlers.ts';
import { connectedStatus, longAuditLog } from '../../../test/fixtures/connection.ts';

/** The Activity page (the full audit log) in every state. */
const meta = {
  title: 'Wizard/Activity',
  parameters: { wizardPath: '/activity', msw: { handlers: bffHandlers({ connection: connectedStatus }) } },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const with_ = (scenario: BffScenario) => ({
  msw: { handlers: bffHandlers({ connection: connectedStatus, ...scenario }) },
});

export const Recent: Story = {};

export const Loading: Story = { parameters: with_({ audit: 'never' }) };

export const Empty: Story = { parameters: with_({ audit: [] }) };

export const LoadError: Story = { parameters: with_({ audit: { error: 'internal_error', status: 500 } }) };

export const LongLog: Story = {
  parameters: with_({ audit: longAuditLog(80) }),
  play: async ({ canvasElement }) => {
    const rows = await within(canvasElement).findAllByRole('row');
    await expect(rows).toHaveLength(81);
  },
};

export const LongLogNarrow: Story = {
  parameters: { ...with_({ audit: longAuditLog(30) }), wizardWidth: 360 },
  globals: { viewport: { value: 'narrow', isRotated: false } },
};
