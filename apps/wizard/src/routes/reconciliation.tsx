import { createFileRoute } from '@tanstack/react-router';
import { overviewQueryOptions } from '../features/reconciliation/api/get-overview.ts';
import { ReconciliationStep } from '../features/reconciliation/components/reconciliation-step.tsx';

// GUIDE step 8, monthly reconciliation. The loader primes the overview (default month and trend); the month's
// report itself runs from the component, since running it stores the month's discrepancy.
export const Route = createFileRoute('/reconciliation')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(overviewQueryOptions(context.api));
  },
  component: ReconciliationStep,
});
