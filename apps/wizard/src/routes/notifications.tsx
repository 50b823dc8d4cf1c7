import { createFileRoute } from '@tanstack/react-router';
import { notificationSettingsQueryOptions } from '../features/notifications/api/get-notification-settings.ts';
import { recentNotificationsQueryOptions } from '../features/notifications/api/get-recent-notifications.ts';
import { NotificationsPage } from '../features/notifications/components/notifications-page.tsx';

// Failure notifications (GUIDE step 7's warning): who hears about failures, how soon, and what was sent.
export const Route = createFileRoute('/notifications')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(notificationSettingsQueryOptions(context.api));
    void context.queryClient.prefetchQuery(recentNotificationsQueryOptions(context.api));
  },
  component: NotificationsPage,
});
