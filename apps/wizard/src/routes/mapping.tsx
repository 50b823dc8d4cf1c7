import { createFileRoute } from '@tanstack/react-router';
import { mappingQueryOptions } from '../features/mapping/api/get-mapping.ts';
import { MappingStep } from '../features/mapping/components/mapping-step.tsx';

// Step 2. The component is split into its own chunk (autoCodeSplitting) and fetched when the step is visited.
export const Route = createFileRoute('/mapping')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(mappingQueryOptions(context.api));
  },
  component: MappingStep,
});
