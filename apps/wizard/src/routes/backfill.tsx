import { useQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { BackfillPage } from '../features/backfill/components/backfill-page.tsx';
import { currentBackfillQueryOptions } from '../features/backfill/api/get-current-backfill.ts';
import { connectionStatusQueryOptions } from '../features/connection/api/get-connection-status.ts';

// Bring in past records (issue 8): the running job, or a range to preview and start.
export const Route = createFileRoute('/backfill')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(currentBackfillQueryOptions(context.api));
  },
  component: BackfillRoute,
});

function BackfillRoute() {
  const { api } = Route.useRouteContext();
  const status = useQuery(connectionStatusQueryOptions(api));
  return <BackfillPage connected={status.data ? status.data.state === 'connected' : undefined} />;
}
