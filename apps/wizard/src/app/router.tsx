import type { QueryClient } from '@tanstack/react-query';
import { createRouter, type RouterHistory } from '@tanstack/react-router';
import { NotFound } from '../components/not-found.tsx';
import type { ApiClient } from '../lib/api-client.ts';
import { normalizeBasePath } from '../lib/history-bridge.ts';
import { routeTree } from '../routeTree.gen.ts';

export interface WizardRouterContext {
  queryClient: QueryClient;
  api: ApiClient;
}

export function createWizardRouter(options: {
  history: RouterHistory;
  basePath: string;
  context: WizardRouterContext;
}) {
  return createRouter({
    routeTree,
    history: options.history,
    basepath: normalizeBasePath(options.basePath),
    context: options.context,
    defaultPreload: 'intent',
    // Queries own freshness; the router only primes them.
    defaultPreloadStaleTime: 0,
    // The host owns scrolling of its page.
    scrollRestoration: false,
    defaultNotFoundComponent: NotFound,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createWizardRouter>;
  }
}
