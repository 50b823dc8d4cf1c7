import { useQuery } from '@tanstack/react-query';
import { createRootRouteWithContext, Outlet, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useEffect } from 'react';
import type { WizardRouterContext } from '../app/router.tsx';
import { WizardLayout } from '../components/layout/wizard-layout.tsx';
import { Loading } from '../components/loading.tsx';
import { meQueryOptions } from '../features/access/api/get-me.ts';
import { AccessGate } from '../features/access/components/access-gate.tsx';
import { connectionStatusQueryOptions } from '../features/connection/api/get-connection-status.ts';
import { MessagesReady } from '../i18n/messages.tsx';
import { setupProgressQueryKey, setupProgressQueryOptions } from '../lib/setup-progress.ts';

// Its own chunk: the first step's bundle stays free of the notification contracts it parses.
const SyncFailureWatcher = lazy(() =>
  import('../features/notifications/components/sync-failure-watcher.tsx').then((m) => ({
    default: m.SyncFailureWatcher,
  })),
);

// Its own chunk too: the later steps' styles, fetched when the first later step opens (styles/later-steps.css).
const LaterStepStyles = lazy(() => import('../styles/later-step-styles.tsx'));

/** Routes whose words are in the first part of the catalog (the shell, Connect, Activity, not-found). */
const FIRST_PART_ROUTES: ReadonlySet<string> = new Set(['__root__', '/', '/connect', '/activity']);

export const Route = createRootRouteWithContext<WizardRouterContext>()({
  // Start both reads at once; screens render their own loading and error states from the same queries.
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(meQueryOptions(context.api));
    void context.queryClient.prefetchQuery(connectionStatusQueryOptions(context.api));
  },
  component: RootLayout,
});

function RootLayout() {
  const { api, queryClient } = Route.useRouteContext();
  const status = useQuery(connectionStatusQueryOptions(api));
  const connected = status.data?.state === 'connected';
  const progress = useQuery(setupProgressQueryOptions(api, connected));
  const leafRouteId = useRouterState({ select: (state) => state.matches.at(-1)?.routeId ?? '__root__' });
  // Each step's page changes what is done (a save, a passing test): the list re-reads it on every step change.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: setupProgressQueryKey });
  }, [leafRouteId, queryClient]);
  // The locale's catalog may still be on its way (Spanish is fetched on demand); the loaders above already run.
  return (
    <MessagesReady>
      <AccessGate>
        <WizardLayout connected={connected} progress={connected ? progress.data : undefined}>
          {/* Later steps also need the later part of the catalog, fetched the moment one of them opens. */}
          {FIRST_PART_ROUTES.has(leafRouteId) ? (
            <MessagesReady part="first">
              <Outlet />
            </MessagesReady>
          ) : (
            <MessagesReady part="later">
              {/* The step shows once its styles are here too: no unstyled flash. */}
              <Suspense fallback={<Loading />}>
                <LaterStepStyles />
                <Outlet />
              </Suspense>
            </MessagesReady>
          )}
        </WizardLayout>
        {status.data?.state === 'connected' && (
          <Suspense fallback={null}>
            <SyncFailureWatcher />
          </Suspense>
        )}
      </AccessGate>
    </MessagesReady>
  );
}
