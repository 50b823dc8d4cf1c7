import { createFileRoute } from '@tanstack/react-router';

// Placeholder while the page is being built in this session; replaced by the page's own screen.
export const Route = createFileRoute('/notifications')({ component: NotificationsRoute });

function NotificationsRoute() {
  return null;
}
