import { createFileRoute } from '@tanstack/react-router';

// Placeholder while the step is being built in this session; replaced by the step's own screen.
export const Route = createFileRoute('/reconciliation')({ component: ReconciliationRoute });

function ReconciliationRoute() {
  return null;
}
