import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { expect, userEvent, within } from 'storybook/test';
import { bffHandlers, FAKE_BFF_URL } from '../../../test/bff-handlers.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  defaultNotificationSettings,
  digestNotificationSettings,
  noNotifications,
  recentNotifications,
  testNotificationQueued,
} from '../../../test/fixtures/notifications.ts';

/** Failure notifications: immediate or daily digest, extra recipients, a test send, what was sent. */
const meta = {
  title: 'Wizard/Failure notifications',
  parameters: { wizardPath: '/notifications' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const url = (path: string) => `${FAKE_BFF_URL}${path}`;
const at = (handlers: HttpHandler[]) => ({
  wizardPath: '/notifications',
  msw: { handlers: [...handlers, ...bffHandlers({ connection: connectedStatus })] },
});

export const NothingSavedYet: Story = {
  parameters: at([
    http.get(url('/api/v1/notifications/settings'), () => HttpResponse.json(defaultNotificationSettings)),
    http.get(url('/api/v1/notifications'), () => HttpResponse.json(noNotifications)),
  ]),
};

export const DailyDigestWithHistory: Story = {
  parameters: at([
    http.get(url('/api/v1/notifications/settings'), () => HttpResponse.json(digestNotificationSettings)),
    http.get(url('/api/v1/notifications'), () => HttpResponse.json(recentNotifications)),
  ]),
};

export const NoChannelConfigured: Story = {
  parameters: at([
    http.get(url('/api/v1/notifications/settings'), () =>
      HttpResponse.json({ ...defaultNotificationSettings, channel: 'log' }),
    ),
    http.get(url('/api/v1/notifications'), () => HttpResponse.json(noNotifications)),
  ]),
};

export const Loading: Story = {
  parameters: at([
    http.get(url('/api/v1/notifications/settings'), async () => {
      await delay('infinite');
      return HttpResponse.error();
    }),
  ]),
};

export const LoadError: Story = {
  parameters: at([
    http.get(url('/api/v1/notifications/settings'), () =>
      HttpResponse.json(
        { error: { code: 'internal_error', message: 'Something went wrong.', requestId: 'req-story' } },
        { status: 500 },
      ),
    ),
  ]),
};

export const TestSent: Story = {
  parameters: at([
    http.get(url('/api/v1/notifications/settings'), () => HttpResponse.json(digestNotificationSettings)),
    http.get(url('/api/v1/notifications'), () => HttpResponse.json(recentNotifications)),
    http.post(url('/api/v1/notifications/test'), () =>
      HttpResponse.json(testNotificationQueued, { status: 202 }),
    ),
  ]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Send a test notification' }));
    await expect(await canvas.findByText(/Test notification on its way/)).toBeInTheDocument();
  },
};

export const InvalidRecipient: Story = {
  parameters: at([
    http.get(url('/api/v1/notifications/settings'), () => HttpResponse.json(defaultNotificationSettings)),
    http.get(url('/api/v1/notifications'), () => HttpResponse.json(noNotifications)),
  ]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('Also notify (optional)'), 'books@, not-an-email');
    await userEvent.click(canvas.getByRole('button', { name: 'Save notification settings' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Enter up to 10 different email addresses',
    );
  },
};
