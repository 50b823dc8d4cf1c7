import { Popover } from 'radix-ui';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { hostLocale } from '../../lib/locale.ts';
import { Link } from '../../lib/router.tsx';

export interface HostNotification {
  id: number;
  tone: 'success' | 'info' | 'danger';
  title: string;
  body?: string;
  /** Where "Open" goes (the platform's notifications carry a deep link, e.g. to Sync Status). */
  href?: string;
  /** The records a failure notification is about: once none of them is failing any more, it shows as resolved. */
  records?: { kind: string; id: string }[];
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
  /** Items newer than the last time the inbox was opened. */
  unread: number;
  /** Opening the inbox reads what it lists. */
  markRead: () => void;
  /** When the inbox was last opened (items after it are new). */
  readUntil: number;
  toasts: HostNotification[];
  notify: (n: Omit<HostNotification, 'id' | 'at'>, options?: NotifyOptions) => void;
  dismissToast: (id: number) => void;
  /** Empties the inbox (a new user signed in: the last one's notifications are not theirs). */
  clear: () => void;
}

const NotificationsContext = createContext<NotificationsApi | null>(null);
let nextId = 1;

// Kept per browser: a reload fills the inbox again from the platform, and what was read stays read.
const READ_KEY = 'exoserva.inbox.readUntil';
const storedReadUntil = () => {
  try {
    return Number(window.localStorage.getItem(READ_KEY) ?? 0) || 0;
  } catch {
    return 0;
  }
};

/** The shell's inbox: what a remote reports through its callbacks lands here and as a short toast. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<HostNotification[]>([]);
  const [toasts, setToasts] = useState<HostNotification[]>([]);
  const [readUntil, setReadUntil] = useState(storedReadUntil);
  const markRead = useCallback(() => {
    setItems((all) => {
      const newest = Math.max(Date.now(), ...all.map((i) => i.at.getTime()));
      setReadUntil(newest);
      try {
        window.localStorage.setItem(READ_KEY, String(newest));
      } catch {
        // Private mode: read state lasts for this page only.
      }
      return all;
    });
  }, []);
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
  const unread = items.filter((i) => i.at.getTime() > readUntil).length;
  const api = useMemo(
    () => ({ items, unread, markRead, readUntil, toasts, notify, dismissToast, clear }),
    [items, unread, markRead, readUntil, toasts, notify, dismissToast, clear],
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

/** Which of these records are still failing; null when it can't be told (the inbox then says nothing of it). */
export type OpenFailures = (records: { kind: string; id: string }[]) => Promise<Set<string> | null>;

const dateTime = (at: Date) =>
  new Intl.DateTimeFormat(hostLocale().locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);

export function InboxButton({ openFailures }: { openFailures?: OpenFailures }) {
  const { items, unread, markRead, readUntil } = useNotifications();
  // What was new when the inbox was opened stays marked "New" while it is open.
  const [newSince, setNewSince] = useState<number | null>(null);
  const [stillOpen, setStillOpen] = useState<Set<string> | null>(null);
  const onOpenChange = (open: boolean) => {
    if (!open) return setNewSince(null);
    setNewSince(readUntil);
    markRead();
    const records = items.flatMap((i) => i.records ?? []);
    if (openFailures && records.length > 0) {
      void openFailures(records)
        .then(setStillOpen)
        .catch(() => setStillOpen(null));
    }
  };
  const resolved = (item: HostNotification) =>
    !!stillOpen && !!item.records?.length && item.records.every((r) => !stillOpen.has(`${r.kind}:${r.id}`));
  return (
    <Popover.Root onOpenChange={onOpenChange}>
      <Popover.Trigger asChild>
        <button
          type="button"
          className="topbar__icon-button"
          aria-label={unread > 0 ? `Inbox, ${unread} unread` : 'Inbox'}
        >
          <svg width="18" height="18" viewBox="0 0 20 20" fill="none" aria-hidden="true">
            <path
              d="M10 2.5a5 5 0 00-5 5v2.8L3.5 13.5h13L15 10.3V7.5a5 5 0 00-5-5zM8 15.5a2 2 0 004 0"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinejoin="round"
            />
          </svg>
          {unread > 0 && <span className="topbar__dot">{unread}</span>}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="end" sideOffset={8}>
          <h2 className="popover__title">Inbox</h2>
          {items.length === 0 ? (
            <p className="muted">Nothing new.</p>
          ) : (
            <ul className="inbox">
              {items.map((item) => {
                const done = resolved(item);
                const isNew = newSince !== null && item.at.getTime() > newSince;
                return (
                  <li
                    key={item.id}
                    className={`inbox__item inbox__item--${done ? 'resolved' : item.tone}`}
                    data-testid="inbox-item"
                  >
                    <span className="inbox__head">
                      <strong>{item.title}</strong>
                      {isNew && <span className="pill pill--info">New</span>}
                      {done && <span className="pill pill--ok">Resolved</span>}
                    </span>
                    {item.body && !done && <span className="inbox__body">{item.body}</span>}
                    {done && <span className="inbox__body">No longer failing.</span>}
                    {item.href && !done && <InboxLink href={item.href} />}
                    <time className="muted" dateTime={item.at.toISOString()}>
                      {dateTime(item.at)}
                    </time>
                  </li>
                );
              })}
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
