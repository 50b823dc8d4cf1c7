import { createFileRoute } from '@tanstack/react-router';

// Placeholder while the step is being built in this session; replaced by the step's own screen.
export const Route = createFileRoute('/auto-sync')({ component: AutoSyncRoute });

function AutoSyncRoute() {
  return null;
}
