import { createFileRoute } from '@tanstack/react-router';
import { matchesQueryOptions } from '../features/customers/api/get-matches.ts';
import { MatchingStep } from '../features/customers/components/matching-step.tsx';

// Step 3, second screen: match existing QuickBooks customers before the first sync.
export const Route = createFileRoute('/direction/matching')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(matchesQueryOptions(context.api));
  },
  component: MatchingStep,
});
