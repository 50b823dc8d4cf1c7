import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { CommandPalette } from '../features/command-palette/command-palette.tsx';
import { IntegrationsPage } from '../features/integrations/integrations-page.tsx';
import { QuickBooksPage } from '../features/integrations/quickbooks-page.tsx';
import { InboxButton, NotificationsProvider, Toasts } from '../features/notifications/notifications.tsx';
import { rememberRole } from '../lib/dev-role.ts';
import { createOpenFailures } from '../features/notifications/open-failures.ts';
import { PlatformInboxFeed } from '../features/notifications/platform-inbox.tsx';
import { DEV_RECORDS_PATH, RecordsPage } from '../features/dev-records/records-page.tsx';
import { RoleSwitch } from '../features/session/role-switch.tsx';
import { PlaceholderPage, SettingsHome } from '../features/settings/settings-pages.tsx';
import { isActive, Link, navigate, usePathname } from '../lib/router.tsx';
import type { RuntimeConfig } from '../lib/runtime-config.ts';
import type { SessionRole, SessionStore } from '../lib/session.ts';
import { INTEGRATIONS_PATH, mainNav, QUICKBOOKS_PATH, settingsNav } from './routes.ts';

export function App({ config, sessions }: { config: RuntimeConfig; sessions: SessionStore }) {
  const pathname = usePathname();
  const session = useSyncExternalStore(sessions.subscribe, sessions.getState);
  const onSwitch = useCallback(
    (role: SessionRole) => {
      rememberRole(role);
      void sessions.signIn(role);
    },
    [sessions],
  );

  useEffect(() => {
    if (pathname === '/') navigate('/dashboard', { replace: true });
  }, [pathname]);

  const inSettings = isActive(pathname, '/settings');
  const openFailures = useMemo(
    () => createOpenFailures(config.bffUrl, sessions.getToken),
    [config.bffUrl, sessions.getToken],
  );
  // The wizard mounts once a session is ready and remounts for each new one (role switch).
  const sessionKey = session.status === 'ready' ? `${session.session.user.id}:${session.role}` : null;

  return (
    <NotificationsProvider>
      <PlatformInboxFeed
        exoservaApiUrl={config.exoservaApiUrl}
        tenantId={session.status === 'ready' ? session.session.tenant.id : null}
        getToken={sessions.getToken}
        sessionKey={sessionKey}
        toastNew={!isActive(pathname, QUICKBOOKS_PATH)}
      />
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/dashboard" className="topbar__logo">
          <span className="logo-mark" aria-hidden="true">
            ex
          </span>
          <span>Exoserva</span>
        </Link>
        <span className="topbar__tenant" data-testid="tenant-name">
          {session.session?.tenant.name ?? '…'}
        </span>
        <CommandPalette />
        <div className="topbar__right">
          <InboxButton openFailures={openFailures} />
          <RoleSwitch state={session} onSwitch={onSwitch} />
        </div>
      </header>
      <div className="shell">
        <nav className="sidenav" aria-label="Main">
          <ul>
            {mainNav.map((entry) => (
              <li key={entry.path}>
                <Link
                  to={entry.path}
                  className="sidenav__link"
                  aria-current={isActive(pathname, entry.path) ? 'page' : undefined}
                >
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {session.status === 'error' && (
            <div className="notice notice--danger" role="alert">
              <strong>Couldn’t sign in to Exoserva.</strong>
              <p>
                {session.message} ({config.exoservaApiUrl})
              </p>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onSwitch(session.role)}
              >
                Try again
              </button>
            </div>
          )}
          {inSettings ? (
            <div className="settings">
              <nav className="settings-nav" aria-label="Settings">
                {settingsNav.map(({ group, items }) => (
                  <div key={group} className="settings-nav__group">
                    <h2 className="settings-nav__heading">{group}</h2>
                    <ul>
                      {items.map((item) => (
                        <li key={item.path}>
                          <Link
                            to={item.path}
                            className="settings-nav__link"
                            aria-current={isActive(pathname, item.path) ? 'page' : undefined}
                          >
                            {item.label}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </nav>
              <div className="settings__content">
                <SettingsRoute
                  pathname={pathname}
                  config={config}
                  sessions={sessions}
                  sessionKey={sessionKey}
                />
              </div>
            </div>
          ) : (
            <MainRoute pathname={pathname} config={config} sessions={sessions} />
          )}
        </main>
      </div>
      <Toasts />
    </NotificationsProvider>
  );
}

function MainRoute({
  pathname,
  config,
  sessions,
}: {
  pathname: string;
  config: RuntimeConfig;
  sessions: SessionStore;
}) {
  if (pathname === DEV_RECORDS_PATH)
    return <RecordsPage exoservaApiUrl={config.exoservaApiUrl} sessions={sessions} />;
  const entry = mainNav.find((e) => e.path === pathname);
  if (entry) return <PlaceholderPage title={entry.label} />;
  if (pathname === '/') return null;
  return <NotFoundPage />;
}

function SettingsRoute({
  pathname,
  config,
  sessions,
  sessionKey,
}: {
  pathname: string;
  config: RuntimeConfig;
  sessions: SessionStore;
  sessionKey: string | null;
}) {
  if (isActive(pathname, QUICKBOOKS_PATH)) {
    return (
      <QuickBooksPage bffUrl={config.bffUrl} getSessionToken={sessions.getToken} sessionKey={sessionKey} />
    );
  }
  if (pathname === INTEGRATIONS_PATH)
    return <IntegrationsPage bffUrl={config.bffUrl} getSessionToken={sessions.getToken} />;
  if (pathname === '/settings') return <SettingsHome />;
  const entry = settingsNav.flatMap((g) => g.items).find((e) => e.path === pathname);
  if (entry) return <PlaceholderPage title={entry.label} />;
  return <NotFoundPage />;
}

function NotFoundPage() {
  return (
    <div className="page">
      <header className="page__header">
        <h1>Page not found</h1>
        <p className="muted">
          Nothing lives at this address. <Link to="/settings">Go to Settings</Link>
        </p>
      </header>
    </div>
  );
}
