import { createFileRoute, redirect } from '@tanstack/react-router';

// The wizard's home is its first step.
export const Route = createFileRoute('/')({
  beforeLoad: () => {
    throw redirect({ to: '/connect', replace: true });
  },
});
