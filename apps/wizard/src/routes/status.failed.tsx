import { createFileRoute } from '@tanstack/react-router';
import { failuresQueryOptions } from '../features/sync-status/api/search-failures.ts';
import { FailedList } from '../features/sync-status/components/failed-list.tsx';

// Step 7: the Failed list (the counter's "click to see why").
export const Route = createFileRoute('/status/failed')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(failuresQueryOptions(context.api, { limit: 50 }));
  },
  component: FailedList,
});
