import { NotificationMessage } from '@exoserva/contracts';
import { useEffect, useRef } from 'react';
import { useNotifications } from './notifications.tsx';

// Module-level so the effect below does not re-run (and clear the inbox) on every render.
const globalFetch: typeof fetch = (...args) => fetch(...args);

/** Often enough that a failure shows "within seconds" in the dev shell; the real platform would push. */
export const PLATFORM_INBOX_POLL_MS = 3000;

/**
 * Feeds the bell from the Exoserva platform's notification inbox (in development the stand-in, where the BFF's
 * inbox notifier delivers failure notifications): `GET {exoservaApiUrl}/api/tenants/:tid/notifications` with
 * the signed-in user's session, which only lists what is addressed to the user's role. What was there at
 * sign-in fills the inbox quietly; what arrives later also toasts. Renders nothing.
 */
export function PlatformInboxFeed({
  exoservaApiUrl,
  tenantId,
  getToken,
  sessionKey,
  toastNew = true,
  fetchImpl = globalFetch,
  pollMs = PLATFORM_INBOX_POLL_MS,
}: {
  exoservaApiUrl: string;
  tenantId: string | null;
  getToken: () => Promise<string>;
  /** Changes on sign-in and role switch: the inbox is read afresh for the new user. */
  sessionKey: string | null;
  /** False while the wizard is open: its onSyncFailed callback already toasts the same failure. */
  toastNew?: boolean;
  fetchImpl?: typeof fetch;
  pollMs?: number;
}) {
  const { notify, clear } = useNotifications();
  const notifyRef = useRef(notify);
  const toastRef = useRef(toastNew);
  useEffect(() => {
    notifyRef.current = notify;
    toastRef.current = toastNew;
  });

  useEffect(() => {
    clear();
    if (!tenantId || !sessionKey) return;
    const seen = new Set<string>();
    let first = true;
    let stopped = false;
    const poll = async () => {
      try {
        const res = await fetchImpl(
          `${exoservaApiUrl.replace(/\/+$/, '')}/api/tenants/${encodeURIComponent(tenantId)}/notifications`,
          { headers: { authorization: `Bearer ${await getToken()}` } },
        );
        if (!res.ok || stopped) return;
        const body = (await res.json()) as { items?: unknown[] };
        const fresh = (body.items ?? [])
          .map((item) => NotificationMessage.safeParse(item))
          .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
          .filter((m) => !seen.has(m.id))
          .reverse();
        for (const m of fresh) {
          seen.add(m.id);
          notifyRef.current(
            {
              tone: m.type === 'test' ? 'info' : 'danger',
              title: m.subject,
              body: m.items[0] ? `Fix: ${m.items[0].fix}` : undefined,
              href: m.link,
              // A digest that names only its first records can't be known resolved: it lists none.
              records:
                m.moreCount > 0
                  ? []
                  : m.items.flatMap((i) =>
                      i.recordKind && i.recordId ? [{ kind: i.recordKind, id: i.recordId }] : [],
                    ),
            },
            { toast: !first && toastRef.current, at: new Date(m.createdAt) },
          );
        }
        first = false;
      } catch {
        // The platform is unreachable for a moment: the next poll tries again.
      }
    };
    void poll();
    const timer = window.setInterval(() => void poll(), pollMs);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [exoservaApiUrl, tenantId, getToken, sessionKey, fetchImpl, pollMs, clear]);

  return null;
}
