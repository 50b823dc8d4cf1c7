import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * The host's router: a few lines on browser history. It owns the address bar everywhere except under the
 * wizard's basePath, where the wizard mirrors its own steps. After each pushState it fires `popstate`, so a
 * mounted wizard follows host navigations too (the wizard ignores paths outside its basePath).
 */
function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener('exoserva:navigate', onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('exoserva:navigate', onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(to: string, { replace = false }: { replace?: boolean } = {}) {
  const current = `${window.location.pathname}${window.location.search}`;
  if (to !== current) {
    if (replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
  }
  window.dispatchEvent(new PopStateEvent('popstate', { state: window.history.state }));
}

/** The wizard pushes its own history entries; this lets the host re-read the path without a popstate. */
export function notifyLocationChanged() {
  window.dispatchEvent(new Event('exoserva:navigate'));
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}

export function isActive(pathname: string, to: string, exact = false): boolean {
  return exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
}
