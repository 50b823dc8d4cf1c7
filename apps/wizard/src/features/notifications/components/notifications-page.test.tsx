import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply, type FakeBff } from '../../../test/fake-bff.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  defaultNotificationSettings,
  digestNotificationSettings,
  noNotifications,
  recentNotifications,
  testNotificationQueued,
} from '../../../test/fixtures/notifications.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

const page = `${BASE_PATH}/notifications`;
const connected = (bff: FakeBff) => bff.on('GET /api/v1/connection', { body: connectedStatus });

describe('Failure notifications page', () => {
  it('starts on immediate notifications with nothing sent, and names where they go', async () => {
    renderWizard(page, (b) =>
      connected(b)
        .on('GET /api/v1/notifications/settings', { body: defaultNotificationSettings })
        .on('GET /api/v1/notifications', { body: noNotifications }),
    );
    expect(await screen.findByRole('radio', { name: /Immediately/ })).toBeChecked();
    expect(screen.getByText(/the Exoserva notification bell/)).toBeInTheDocument();
    expect(await screen.findByText(/No notifications sent yet/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Send the digest at')).not.toBeInTheDocument();
  });

  it('saves a daily digest at a chosen hour and time zone with an extra recipient', async () => {
    const { bff, user } = renderWizard(page, (b) =>
      connected(b)
        .on('GET /api/v1/notifications/settings', { body: defaultNotificationSettings })
        .on('GET /api/v1/notifications', { body: noNotifications })
        .on('POST /api/v1/notifications/settings', { body: digestNotificationSettings }),
    );
    await user.click(await screen.findByRole('radio', { name: /Daily digest/ }));
    await user.selectOptions(screen.getByLabelText('Send the digest at'), '7');
    await user.selectOptions(screen.getByLabelText('Time zone'), 'America/Denver');
    await user.type(screen.getByLabelText('Also notify (optional)'), 'Books@Example.com, owner2@example.com');
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    await waitFor(() =>
      expect(bff.calls.find((c) => c.method === 'POST')?.body).toEqual({
        mode: 'daily_digest',
        digestHour: 7,
        timeZone: 'America/Denver',
        extraEmails: ['books@example.com', 'owner2@example.com'],
      }),
    );
    expect(await screen.findByText(/gathered into a daily digest\. Next digest:/)).toBeInTheDocument();
    expect(screen.getByText(/Last changed by Olivia Owner/)).toBeInTheDocument();
  });

  it('refuses an invalid address before calling the BFF', async () => {
    const { bff, user } = renderWizard(page, (b) =>
      connected(b)
        .on('GET /api/v1/notifications/settings', { body: defaultNotificationSettings })
        .on('GET /api/v1/notifications', { body: noNotifications }),
    );
    const input = await screen.findByLabelText('Also notify (optional)');
    await user.type(input, 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    expect(await screen.findByText(/Enter up to 10 different email addresses/)).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(bff.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('sends a test notification and says when the test button is used too often', async () => {
    let tests = 0;
    const { bff, user } = renderWizard(page, (b) =>
      connected(b)
        .on('GET /api/v1/notifications/settings', { body: digestNotificationSettings })
        .on('GET /api/v1/notifications', { body: recentNotifications })
        .on('POST /api/v1/notifications/test', () =>
          ++tests === 1 ? { status: 202, body: testNotificationQueued } : errorReply('rate_limited', 429),
        ),
    );
    const button = await screen.findByRole('button', { name: 'Send a test notification' });
    await user.click(button);
    expect(await screen.findByText(/Test notification on its way/)).toBeInTheDocument();
    await user.click(button);
    expect(await screen.findByText(/sent several test notifications/)).toBeInTheDocument();
    expect(bff.calls.filter((c) => c.path === '/api/v1/notifications/test')).toHaveLength(2);
  });

  it('lists what was sent with its delivery, and what waits for the digest', async () => {
    renderWizard(page, (b) =>
      connected(b)
        .on('GET /api/v1/notifications/settings', { body: digestNotificationSettings })
        .on('GET /api/v1/notifications', { body: recentNotifications }),
    );
    const table = await screen.findByRole('table', { name: 'Recent notifications' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[2]!).getByText('Sent')).toBeInTheDocument();
    expect(within(rows[3]!).getByText('Not delivered')).toBeInTheDocument();
    expect(within(rows[3]!).getByText(/no answer within 5000 ms \(8 attempts so far\)/)).toBeInTheDocument();
    expect(screen.getByTestId('notifications-waiting')).toHaveTextContent(
      '1 failed record waits for the next daily digest.',
    );
    expect(screen.getByRole('radio', { name: /Daily digest/ })).toBeChecked();
  });

  it('warns when this installation delivers notifications nowhere', async () => {
    renderWizard(page, (b) =>
      connected(b)
        .on('GET /api/v1/notifications/settings', {
          body: { ...defaultNotificationSettings, channel: 'log' },
        })
        .on('GET /api/v1/notifications', { body: noNotifications }),
    );
    expect(await screen.findByText(/not delivered anywhere yet/)).toBeInTheDocument();
  });

  it('shows a retry when the settings cannot load', async () => {
    renderWizard(page, (b) =>
      connected(b).on('GET /api/v1/notifications/settings', errorReply('internal_error', 500)),
    );
    expect(await screen.findByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});

describe('onSyncFailed', () => {
  afterEach(() => vi.useRealTimers());

  it('tells the host about failures raised while the wizard is open, once each, not about older ones', async () => {
    let alerts = recentNotifications.alerts.slice(1);
    const onSyncFailed = vi.fn();
    // Before the first render: the watcher's polling interval must run on the fake clock.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { bff } = renderWizard(
      `${BASE_PATH}/connect`,
      (b) =>
        connected(b).on('GET /api/v1/notifications', () => ({
          body: { notifications: [], alerts },
        })),
      { onSyncFailed },
    );
    await waitFor(() => expect(bff.calls.some((c) => c.path === '/api/v1/notifications')).toBe(true));
    await act(() => vi.advanceTimersByTimeAsync(16_000));
    expect(onSyncFailed).not.toHaveBeenCalled();
    alerts = recentNotifications.alerts;
    await act(() => vi.advanceTimersByTimeAsync(16_000));
    await act(() => vi.advanceTimersByTimeAsync(16_000));
    expect(onSyncFailed).toHaveBeenCalledTimes(1);
    expect(onSyncFailed).toHaveBeenCalledWith({
      recordType: 'invoice',
      recordId: 'inv_2077',
      message: '2077: Invalid tax rate',
    });
  });
});
