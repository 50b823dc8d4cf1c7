import { createMemoryHistory, type RouterHistory } from '@tanstack/react-router';

/**
 * The wizard's router runs on a memory history so it can never fight the host's router for the address bar
 * (two routers on one browser history fight: TanStack/router#6064). This bridge keeps the two in step:
 *
 * - the memory history starts at the browser's current path when it lies under `basePath` (deep links work);
 * - the wizard's own navigations are mirrored with `pushState`/`replaceState` — only ever under `basePath`;
 * - `popstate` (back/forward, or a host that announces its own pushState) under `basePath` is followed;
 *   anything outside `basePath` belongs to the host, which will unmount the wizard.
 */
export interface HistoryBridge {
  history: RouterHistory;
  /** Starts mirroring; returns the stop function. Safe to call once per mount. */
  connect(onNavigate?: (wizardPath: string) => void): () => void;
}

export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export function isUnderBasePath(pathname: string, basePath: string): boolean {
  const base = normalizeBasePath(basePath);
  return base === '/' || pathname === base || pathname.startsWith(`${base}/`);
}

/** The wizard-relative path ("/connect") of a full browser path, for `onNavigate`. */
export function toWizardPath(pathname: string, basePath: string): string {
  const base = normalizeBasePath(basePath);
  if (base === '/') return pathname || '/';
  const rest = pathname.slice(base.length);
  return rest === '' ? '/' : rest;
}

function browserHref(): string {
  return `${window.location.pathname}${window.location.search}${window.location.hash}`;
}

export function createHistoryBridge(basePath: string): HistoryBridge {
  const base = normalizeBasePath(basePath);
  const initial = isUnderBasePath(window.location.pathname, base) ? browserHref() : base;
  const history = createMemoryHistory({ initialEntries: [initial] });

  return {
    history,
    connect(onNavigate) {
      let followingBrowser = false;

      const unsubscribe = history.subscribe(({ location, action }) => {
        onNavigate?.(toWizardPath(location.pathname, base));
        if (followingBrowser || location.href === browserHref()) return;
        const state = { ...(window.history.state as object | null), exoservaQboWizard: true };
        if (action.type === 'PUSH') window.history.pushState(state, '', location.href);
        else if (action.type === 'REPLACE') window.history.replaceState(state, '', location.href);
      });

      const onPopState = () => {
        if (!isUnderBasePath(window.location.pathname, base)) return;
        const href = browserHref();
        if (href === history.location.href) return;
        followingBrowser = true;
        try {
          history.replace(href);
        } finally {
          followingBrowser = false;
        }
      };
      window.addEventListener('popstate', onPopState);

      // A navigation made before connect() (the initial redirect from "/" to "/connect") still reaches the bar.
      if (history.location.href !== browserHref() && isUnderBasePath(window.location.pathname, base)) {
        window.history.replaceState(window.history.state, '', history.location.href);
      }

      return () => {
        unsubscribe();
        window.removeEventListener('popstate', onPopState);
      };
    },
  };
}

/**
 * A bridge that never touches the address bar: the router starts at `basePath + initialPath` and only reports
 * navigations. For stories and tests that render the wizard inside a page they do not own (Storybook's iframe).
 */
export function createIsolatedHistoryBridge(basePath: string, initialPath: string): HistoryBridge {
  const base = normalizeBasePath(basePath);
  const history = createMemoryHistory({
    initialEntries: [`${base === '/' ? '' : base}${initialPath.startsWith('/') ? '' : '/'}${initialPath}`],
  });
  return {
    history,
    connect: (onNavigate) =>
      history.subscribe(({ location }) => onNavigate?.(toWizardPath(location.pathname, base))),
  };
}
