import type { WizardMountProps } from '@exoserva/contracts';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MessagesProvider } from '../i18n/messages.tsx';
import { createApiClient } from '../lib/api-client.ts';
import { createHistoryBridge, createIsolatedHistoryBridge } from '../lib/history-bridge.ts';
import css from '../styles/wizard.css?inline';
import { focusHeadingOnNavigate } from './focus-on-navigate.ts';
import { createWizardQueryClient } from './query-client.ts';
import { createWizardRouter } from './router.tsx';
import { colorSchemeOf, themeToStyle } from './theme.ts';
import { WizardEnvContext, type WizardEnv } from './wizard-context.tsx';

/**
 * The whole wizard. `queryClient` and `initialPath` are for tests and stories only (hosts use `Wizard` or
 * `mount`): `initialPath` starts the router there on a memory history that never touches the address bar.
 */
export function WizardApp({
  queryClient: givenClient,
  initialPath,
  ...props
}: WizardMountProps & { queryClient?: QueryClient; initialPath?: string }) {
  const propsRef = useRef(props);
  useEffect(() => {
    propsRef.current = props;
  });

  const [queryClient] = useState(() => givenClient ?? createWizardQueryClient());
  const [api] = useState(() =>
    createApiClient({
      bffUrl: props.bffUrl,
      getSessionToken: () => propsRef.current.getSessionToken(),
    }),
  );
  const [bridge] = useState(() =>
    initialPath === undefined
      ? createHistoryBridge(props.basePath)
      : createIsolatedHistoryBridge(props.basePath, initialPath),
  );
  const [router] = useState(() =>
    createWizardRouter({ history: bridge.history, basePath: props.basePath, context: { queryClient, api } }),
  );

  useEffect(() => bridge.connect((path) => propsRef.current.onNavigate?.(path)), [bridge]);

  const rootRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => focusHeadingOnNavigate(router, () => rootRef.current), [router]);

  const [portalContainer, setPortalContainer] = useState<HTMLDivElement | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announceTimer = useRef<number | undefined>(undefined);
  const announce = useCallback((message: string) => {
    // Clearing first makes a repeated message be read again.
    setAnnouncement('');
    window.clearTimeout(announceTimer.current);
    announceTimer.current = window.setTimeout(() => setAnnouncement(message), 50);
  }, []);
  // An announcement still pending when the wizard unmounts is dropped, not set on a gone tree.
  useEffect(() => () => window.clearTimeout(announceTimer.current), []);

  const locale = props.locale ?? 'en-US';
  const currency = props.currency ?? 'USD';
  const env = useMemo<WizardEnv>(
    () => ({
      api,
      bffUrl: props.bffUrl,
      locale,
      currency,
      callbacks: () => propsRef.current,
      portalContainer,
      announce,
    }),
    [api, props.bffUrl, locale, currency, portalContainer, announce],
  );

  return (
    <div
      ref={rootRef}
      className="exq-root"
      data-exoserva-qbo-wizard=""
      data-exq-scheme={colorSchemeOf(props.theme)}
      lang={locale}
      style={themeToStyle(props.theme)}
    >
      <style>{css}</style>
      <MessagesProvider overrides={props.messages} locale={locale}>
        <WizardEnvContext value={env}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </WizardEnvContext>
      </MessagesProvider>
      <div className="exq-sr-only" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <div ref={setPortalContainer} className="exq-portal" />
    </div>
  );
}
