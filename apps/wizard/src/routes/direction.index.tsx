import { createFileRoute } from '@tanstack/react-router';
import { directionQueryOptions } from '../features/customers/api/get-direction.ts';
import { DirectionStep } from '../features/customers/components/direction-step.tsx';

// Step 3: customer sync direction.
export const Route = createFileRoute('/direction/')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(directionQueryOptions(context.api));
  },
  component: DirectionStep,
});
