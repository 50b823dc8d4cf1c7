import type { WizardMountProps } from '@exoserva/contracts';
import { useEffect, useRef, useState } from 'react';
import { hostTheme } from '../../app/theme.ts';
import { INTEGRATIONS_PATH, QUICKBOOKS_PATH } from '../../app/routes.ts';
import { loadWizardMount } from '../../lib/federation.ts';
import { hostLocale } from '../../lib/locale.ts';
import { Link, notifyLocationChanged } from '../../lib/router.tsx';
import { useNotifications } from '../notifications/notifications.tsx';

/**
 * Mounts the wizard remote into a container inside the shell's chrome. The wizard is remounted when the
 * signed-in session changes (role switch), so it never shows one user's data to another.
 */
export function QuickBooksPage({
  bffUrl,
  getSessionToken,
  sessionKey,
}: {
  bffUrl: string;
  getSessionToken: () => Promise<string>;
  sessionKey: string | null;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { notify } = useNotifications();
  const notifyRef = useRef(notify);
  useEffect(() => {
    notifyRef.current = notify;
  });

  useEffect(() => {
    const element = containerRef.current;
    if (!element || !sessionKey) return;
    let unmount: (() => void) | null = null;
    let cancelled = false;
    const props: WizardMountProps = {
      basePath: QUICKBOOKS_PATH,
      bffUrl,
      getSessionToken,
      theme: hostTheme,
      ...hostLocale(),
      onConnected: (company) =>
        notifyRef.current({
          tone: 'success',
          title: 'QuickBooks connected',
          body: `Linked to ${company.name}.`,
        }),
      onDisconnected: () => notifyRef.current({ tone: 'info', title: 'QuickBooks disconnected' }),
      // Toast only: the platform's inbox (the bell) receives the durable notification for the same failure.
      onSyncFailed: (failure) =>
        notifyRef.current(
          {
            tone: 'danger',
            title: 'A record didn’t sync to QuickBooks',
            body: `${failure.recordType} ${failure.recordId}: ${failure.message}`,
          },
          { inbox: false },
        ),
      onNavigate: () => notifyLocationChanged(),
    };
    loadWizardMount()
      .then((mount) => {
        if (!cancelled) unmount = mount(element, props);
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoadError(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
      unmount?.();
    };
  }, [bffUrl, getSessionToken, sessionKey, attempt]);

  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/settings">Settings</Link>
          </li>
          <li>
            <Link to={INTEGRATIONS_PATH}>Integrations</Link>
          </li>
          <li aria-current="page">QuickBooks Online</li>
        </ol>
      </nav>
      <header className="page__header page__header--with-mark">
        <span className="mark mark--large" style={{ background: '#2ca01c' }} aria-hidden="true">
          qb
        </span>
        <div>
          <h1>QuickBooks Online</h1>
          <p className="muted">Accounting · by Intuit</p>
        </div>
      </header>
      {loadError ? (
        <div className="notice notice--danger" role="alert">
          <strong>The QuickBooks integration couldn’t load.</strong>
          <p>{loadError}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setLoadError(null);
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </button>
        </div>
      ) : null}
      {!sessionKey && !loadError && <p className="muted">Signing in…</p>}
      <div ref={containerRef} data-testid="wizard-container" className="wizard-container" />
    </div>
  );
}
