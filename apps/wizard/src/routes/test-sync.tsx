import { useQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { connectionStatusQueryOptions } from '../features/connection/api/get-connection-status.ts';
import { testSyncQueryOptions } from '../features/test-sync/api/get-test-sync.ts';
import { TestSyncStep } from '../features/test-sync/components/test-sync-step.tsx';

// Step 4 (GUIDE step 5): run the guide's test sync, watch each step, clean up.
export const Route = createFileRoute('/test-sync')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(testSyncQueryOptions(context.api));
  },
  component: TestSyncRoute,
});

function TestSyncRoute() {
  const { api } = Route.useRouteContext();
  const status = useQuery(connectionStatusQueryOptions(api));
  return <TestSyncStep connected={status.data ? status.data.state === 'connected' : undefined} />;
}
