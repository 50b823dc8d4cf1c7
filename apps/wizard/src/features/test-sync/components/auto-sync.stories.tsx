import type { TestSyncCurrentResponse } from '@exoserva/contracts';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, within } from 'storybook/test';
import { bffHandlers, FAKE_BFF_URL } from '../../../test/bff-handlers.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  autoSyncLocked,
  autoSyncMappingChanged,
  autoSyncOn,
  autoSyncOverridden,
  autoSyncUnlocked,
} from '../../../test/fixtures/test-sync.ts';

/** The Auto-Sync toggle (GUIDE step 6): locked until a test passes, unlocked, on, and the override. */
const meta = {
  title: 'Wizard/Auto-sync',
  parameters: { wizardPath: '/auto-sync' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const url = (path: string) => `${FAKE_BFF_URL}${path}`;
const scene = (current: TestSyncCurrentResponse) => ({
  wizardPath: '/auto-sync',
  msw: {
    handlers: [
      http.get(url('/api/v1/test-sync'), () => HttpResponse.json(current)),
      http.put(url('/api/v1/sync/settings'), async ({ request }) => {
        await delay(20);
        const body = (await request.json()) as { autoSync: boolean };
        return HttpResponse.json({ autoSync: body.autoSync });
      }),
      ...bffHandlers({ connection: connectedStatus }),
    ],
  },
});

export const Locked: Story = { parameters: scene(autoSyncLocked) };
export const MappingChangedSinceTest: Story = { parameters: scene(autoSyncMappingChanged) };
export const Unlocked: Story = {
  parameters: scene(autoSyncUnlocked),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('switch', { name: 'Auto-sync' })).toHaveAttribute(
      'aria-checked',
      'false',
    );
  },
};
export const On: Story = { parameters: scene(autoSyncOn) };
export const OnByOverride: Story = { parameters: scene(autoSyncOverridden) };

export const OverrideConfirmation: Story = {
  parameters: scene(autoSyncLocked),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('switch', { name: 'Auto-sync' }));
    const dialog = await canvas.findByRole('alertdialog');
    await expect(dialog).toHaveTextContent('Turn on auto-sync without a passing test?');
    await expect(within(dialog).getByRole('button', { name: 'Turn on anyway' })).toBeEnabled();
  },
};
