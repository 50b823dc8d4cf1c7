import { useQuery } from '@tanstack/react-query';
import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import type { WizardRouterContext } from '../app/router.tsx';
import { WizardLayout } from '../components/layout/wizard-layout.tsx';
import { meQueryOptions } from '../features/access/api/get-me.ts';
import { AccessGate } from '../features/access/components/access-gate.tsx';
import { connectionStatusQueryOptions } from '../features/connection/api/get-connection-status.ts';

export const Route = createRootRouteWithContext<WizardRouterContext>()({
  // Start both reads at once; screens render their own loading and error states from the same queries.
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(meQueryOptions(context.api));
    void context.queryClient.prefetchQuery(connectionStatusQueryOptions(context.api));
  },
  component: RootLayout,
});

function RootLayout() {
  const { api } = Route.useRouteContext();
  const status = useQuery(connectionStatusQueryOptions(api));
  return (
    <AccessGate>
      <WizardLayout connected={status.data?.state === 'connected'}>
        <Outlet />
      </WizardLayout>
    </AccessGate>
  );
}
