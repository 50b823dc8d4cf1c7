import { Popover } from 'radix-ui';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Link } from '../../lib/router.tsx';

export interface HostNotification {
  id: number;
  tone: 'success' | 'info' | 'danger';
  title: string;
  body?: string;
  /** Where "Open" goes (the platform's notifications carry a deep link, e.g. to Sync Status). */
  href?: string;
  at: Date;
}

export interface NotifyOptions {
  /** Show a short toast too (default true). Older platform notifications loaded at sign-in go to the inbox only. */
  toast?: boolean;
  /** Keep it in the inbox (default true). Live wizard callbacks about what the platform also delivers: toast only. */
  inbox?: boolean;
  /** When it happened (default now). */
  at?: Date;
}

interface NotificationsApi {
  items: HostNotification[];
  toasts: HostNotification[];
  notify: (n: Omit<HostNotification, 'id' | 'at'>, options?: NotifyOptions) => void;
  dismissToast: (id: number) => void;
  /** Empties the inbox (a new user signed in: the last one's notifications are not theirs). */
  clear: () => void;
}

const NotificationsContext = createContext<NotificationsApi | null>(null);
let nextId = 1;

/** The shell's inbox: what a remote reports through its callbacks lands here and as a short toast. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<HostNotification[]>([]);
  const [toasts, setToasts] = useState<HostNotification[]>([]);
  const dismissToast = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback(
    (n: Omit<HostNotification, 'id' | 'at'>, options: NotifyOptions = {}) => {
      const item = { ...n, id: nextId++, at: options.at ?? new Date() };
      if (options.inbox !== false) {
        setItems((all) => [item, ...all].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 50));
      }
      if (options.toast !== false) {
        setToasts((all) => [...all, item]);
        window.setTimeout(() => dismissToast(item.id), 6000);
      }
    },
    [dismissToast],
  );
  const clear = useCallback(() => {
    setItems([]);
    setToasts([]);
  }, []);
  const api = useMemo(
    () => ({ items, toasts, notify, dismissToast, clear }),
    [items, toasts, notify, dismissToast, clear],
  );
  return <NotificationsContext value={api}>{children}</NotificationsContext>;
}

export function useNotifications(): NotificationsApi {
  const api = useContext(NotificationsContext);
  if (!api) throw new Error('useNotifications needs <NotificationsProvider>');
  return api;
}

export function Toasts() {
  const { toasts, dismissToast } = useNotifications();
  return (
    <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.tone}`} data-testid="host-toast">
          <div>
            <strong>{toast.title}</strong>
            {toast.body && <p>{toast.body}</p>}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => dismissToast(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function InboxButton() {
  const { items } = useNotifications();
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button
          type="button"
          className="topbar__icon-button"
          aria-label={`Inbox, ${items.length} notifications`}
        >
          <svg width="18" height="18" viewBox="0 0 20 20" fill="none" aria-hidden="true">
            <path
              d="M10 2.5a5 5 0 00-5 5v2.8L3.5 13.5h13L15 10.3V7.5a5 5 0 00-5-5zM8 15.5a2 2 0 004 0"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinejoin="round"
            />
          </svg>
          {items.length > 0 && <span className="topbar__dot">{items.length}</span>}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="end" sideOffset={8}>
          <h2 className="popover__title">Inbox</h2>
          {items.length === 0 ? (
            <p className="muted">Nothing new.</p>
          ) : (
            <ul className="inbox">
              {items.map((item) => (
                <li
                  key={item.id}
                  className={`inbox__item inbox__item--${item.tone}`}
                  data-testid="inbox-item"
                >
                  <strong>{item.title}</strong>
                  {item.body && <span className="inbox__body">{item.body}</span>}
                  {item.href && <InboxLink href={item.href} />}
                  <time className="muted" dateTime={item.at.toISOString()}>
                    {item.at.toLocaleString()}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

/** Same-origin links (the QuickBooks dashboard) navigate inside the shell; others open normally. */
function InboxLink({ href }: { href: string }) {
  const url = new URL(href, window.location.href);
  if (url.origin === window.location.origin) {
    return (
      <Popover.Close asChild>
        <Link to={`${url.pathname}${url.search}`} className="inbox__link">
          Open Sync Status
        </Link>
      </Popover.Close>
    );
  }
  return (
    <a href={href} className="inbox__link">
      Open Sync Status
    </a>
  );
}
