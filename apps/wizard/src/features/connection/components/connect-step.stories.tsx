import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { bffHandlers, type BffScenario } from '../../../test/bff-handlers.ts';
import {
  connectedExpiringIn,
  connectedStatus,
  needsReconnectStatus,
  pendingSwitchStatus,
  technicianMe,
} from '../../../test/fixtures/connection.ts';

/** Step 1 in every state. Data: the contract fixtures, served by MSW (src/test/bff-handlers.ts). */
const meta = {
  title: 'Wizard/Connect step',
  parameters: { wizardPath: '/connect', msw: { handlers: bffHandlers() } },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const at = (scenario: BffScenario, path = '/connect') => ({
  wizardPath: path,
  msw: { handlers: bffHandlers(scenario) },
});

export const Loading: Story = { parameters: at({ connection: 'never' }) };

export const NotConnected: Story = {
  play: async ({ canvasElement, globals }) => {
    // A Technician (toolbar role) sees access denied instead.
    if (globals.role === 'technician') return;
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('button', { name: /QuickBooks/ })).toBeEnabled();
  },
};

export const CannotReachService: Story = { parameters: at({ connection: 'network_error' }) };

export const ServerError: Story = {
  parameters: at({ connection: { error: 'internal_error', status: 500 } }),
};

export const NeedsReconnect: Story = { parameters: at({ connection: needsReconnectStatus }) };

export const Connected: Story = { parameters: at({ connection: connectedStatus }) };

export const ConnectedExpiringSoon: Story = { parameters: at({ connection: connectedExpiringIn(12) }) };

export const ConnectedExpiresTomorrow: Story = { parameters: at({ connection: connectedExpiringIn(1) }) };

export const JustConnected: Story = {
  parameters: at({ connection: connectedStatus }, '/connect?qbo_connected=1'),
};

export const PendingSwitch: Story = {
  parameters: at({ connection: pendingSwitchStatus }),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('alertdialog')).toBeVisible();
  },
};

export const DisconnectDialog: Story = {
  parameters: at({ connection: connectedStatus }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: /Disconnect|Desconectar/ }));
    const dialog = await canvas.findByRole('alertdialog');
    // The safe choice has focus first.
    await expect(within(dialog).getAllByRole('button')[0]).toHaveFocus();
  },
};

export const DisconnectFailed: Story = {
  parameters: at({ connection: connectedStatus, disconnect: { error: 'qbo_unavailable', status: 503 } }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: /Disconnect|Desconectar/ }));
    const dialog = await canvas.findByRole('alertdialog');
    const buttons = within(dialog).getAllByRole('button');
    await userEvent.click(buttons[buttons.length - 1]!);
    await expect(await within(dialog).findByRole('alert')).toBeVisible();
  },
};

export const AccessDenied: Story = {
  parameters: at({ me: technicianMe, connection: { error: 'forbidden', status: 403 } }),
};

const oauthError = (code: string): Story => ({
  parameters: at({}, `/connect?qbo_error=${code}`),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('alert')).toBeVisible();
  },
});

export const OAuthDenied = oauthError('oauth_denied');
export const OAuthStateInvalid = oauthError('oauth_state_invalid');
export const OAuthCodeInvalid = oauthError('oauth_code_invalid');
export const OAuthCompanyConnectedElsewhere = oauthError('company_connected_elsewhere');
export const OAuthForbidden = oauthError('forbidden');
export const OAuthQboUnavailable = oauthError('qbo_unavailable');
export const OAuthUnknownCode = oauthError('something_new');

export const NotConnectedNarrow: Story = {
  parameters: { wizardWidth: 360 },
  globals: { viewport: { value: 'narrow', isRotated: false } },
};

export const ConnectedNarrow: Story = {
  parameters: { ...at({ connection: connectedStatus }), wizardWidth: 360 },
  globals: { viewport: { value: 'narrow', isRotated: false } },
};

export const PendingSwitchNarrow: Story = {
  parameters: { ...at({ connection: pendingSwitchStatus }), wizardWidth: 360 },
  globals: { viewport: { value: 'narrow', isRotated: false } },
};
