import { Popover } from 'radix-ui';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export interface HostNotification {
  id: number;
  tone: 'success' | 'info' | 'danger';
  title: string;
  body?: string;
  at: Date;
}

interface NotificationsApi {
  items: HostNotification[];
  toasts: HostNotification[];
  notify: (n: Omit<HostNotification, 'id' | 'at'>) => void;
  dismissToast: (id: number) => void;
}

const NotificationsContext = createContext<NotificationsApi | null>(null);
let nextId = 1;

/** The shell's inbox: what a remote reports through its callbacks lands here and as a short toast. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<HostNotification[]>([]);
  const [toasts, setToasts] = useState<HostNotification[]>([]);
  const dismissToast = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback(
    (n: Omit<HostNotification, 'id' | 'at'>) => {
      const item = { ...n, id: nextId++, at: new Date() };
      setItems((all) => [item, ...all].slice(0, 50));
      setToasts((all) => [...all, item]);
      window.setTimeout(() => dismissToast(item.id), 6000);
    },
    [dismissToast],
  );
  const api = useMemo(() => ({ items, toasts, notify, dismissToast }), [items, toasts, notify, dismissToast]);
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
                <li key={item.id} className={`inbox__item inbox__item--${item.tone}`}>
                  <strong>{item.title}</strong>
                  {item.body && <span>{item.body}</span>}
                  <time className="muted">{item.at.toLocaleTimeString()}</time>
                </li>
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
