import { createFileRoute } from '@tanstack/react-router';
import { syncActivityQueryOptions } from '../features/sync-status/api/get-sync-activity.ts';
import { syncStatusQueryOptions } from '../features/sync-status/api/get-sync-status.ts';
import { SyncStatusStep } from '../features/sync-status/components/sync-status-step.tsx';

// Step 7 (GUIDE "Watch the Sync Status"): the dashboard.
export const Route = createFileRoute('/status/')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(syncStatusQueryOptions(context.api));
    void context.queryClient.prefetchQuery(syncActivityQueryOptions(context.api));
  },
  component: SyncStatusStep,
});
