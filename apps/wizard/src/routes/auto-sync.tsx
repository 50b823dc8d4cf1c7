import { useQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { connectionStatusQueryOptions } from '../features/connection/api/get-connection-status.ts';
import { testSyncQueryOptions } from '../features/test-sync/api/get-test-sync.ts';
import { AutoSyncStep } from '../features/test-sync/components/auto-sync-step.tsx';

// Step 5 (GUIDE step 6): the Auto-Sync toggle, unlocked by a passing test sync (or an explicit override).
export const Route = createFileRoute('/auto-sync')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(testSyncQueryOptions(context.api));
  },
  component: AutoSyncRoute,
});

function AutoSyncRoute() {
  const { api } = Route.useRouteContext();
  const status = useQuery(connectionStatusQueryOptions(api));
  return <AutoSyncStep connected={status.data ? status.data.state === 'connected' : undefined} />;
}
