import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import {
  manyFailures,
  statusBusy,
  statusHeld,
  statusManyFailed,
  statusNeverSynced,
  statusReconnect,
  timelineFailed,
} from '../../../test/fixtures/sync-status.ts';
import { syncStatusHandlers, type SyncStatusScenario } from '../../../test/sync-status-handlers.ts';

/** Step 7: the Sync Status dashboard, the Failed list and a record's timeline. */
const meta = {
  title: 'Wizard/Sync status',
  parameters: { wizardPath: '/status' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const at = (scenario: SyncStatusScenario, path = '/status') => ({
  wizardPath: path,
  msw: { handlers: syncStatusHandlers(scenario) },
});
const narrow = { viewport: { value: 'narrow', isRotated: false } };

export const NothingPending: Story = { parameters: at({}) };
export const PendingWithEta: Story = { parameters: at({ status: statusBusy }) };
export const ManyFailed: Story = { parameters: at({ status: statusManyFailed }) };
export const ReconnectNeeded: Story = {
  parameters: at({ status: statusReconnect }),
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByRole('link', { name: /Reconnect|Volver a conectar/ }),
    ).toBeVisible();
  },
};
export const HeldRecords: Story = { parameters: at({ status: statusHeld }) };
export const NeverSynced: Story = { parameters: at({ status: statusNeverSynced }) };
export const Loading: Story = { parameters: at({ status: 'never', activity: 'never' }) };
export const LoadFailed: Story = {
  parameters: at({ status: { error: 'internal_error', status: 500 } }),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('alert')).toBeVisible();
  },
};
export const ChartAsTable: Story = {
  parameters: at({}),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByText(/Show as a table|Mostrar como tabla/));
    await expect(await canvas.findByRole('table')).toBeVisible();
  },
};
export const Narrow: Story = {
  parameters: { ...at({ status: statusManyFailed }), wizardWidth: 360 },
  globals: narrow,
};

export const FailedList: Story = { parameters: at({}, '/status/failed') };
export const FailedListLong: Story = { parameters: at({ failures: manyFailures(60) }, '/status/failed') };
export const FailedListNarrow: Story = {
  parameters: { ...at({}, '/status/failed'), wizardWidth: 360 },
  globals: narrow,
};
export const FailedListEmpty: Story = {
  parameters: at({ failures: manyFailures(0) }, '/status/failed'),
};
export const FailedListIgnored: Story = {
  parameters: at({}, '/status/failed'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('checkbox', { name: /Show ignored|Mostrar registros ignorados/ }),
    );
    await expect(await canvas.findByText(/Entered by hand in QuickBooks/)).toBeVisible();
  },
};
export const LinkToExisting: Story = {
  parameters: at({}, '/status/failed'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: /Link to existing|Vincular/ }));
    const dialog = await canvas.findByRole('dialog');
    const radios = await within(dialog).findAllByRole('radio');
    // The exact name comes first; a customer already linked to someone else can't be chosen.
    await expect(radios).toHaveLength(2);
    await expect(radios[1]).toBeDisabled();
  },
};
export const IgnoreWithReason: Story = {
  parameters: at({}, '/status/failed'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click((await canvas.findAllByRole('button', { name: /^(Ignore|Ignorar)$/ }))[0]!);
    await expect(await canvas.findByRole('alertdialog')).toBeVisible();
  },
};

export const Timeline: Story = { parameters: at({}, '/status/records/customer/cus_2041') };
export const TimelineFailed: Story = {
  parameters: at({ timeline: timelineFailed }, '/status/records/customer/cus_2041'),
};
export const TimelineNotFound: Story = {
  parameters: at({ timeline: { error: 'not_found', status: 404 } }, '/status/records/invoice/inv_missing'),
};
export const TimelineNarrow: Story = {
  parameters: { ...at({}, '/status/records/customer/cus_2041'), wizardWidth: 360 },
  globals: narrow,
};
