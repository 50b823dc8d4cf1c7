import type { syncStatusApi } from '@exoserva/contracts';
import type { OpenFailures } from './notifications.tsx';

// A literal typed against the contract (a value import would bring every schema into the shell).
const FAILURES_PATH: (typeof syncStatusApi)['failures']['path'] = '/api/v1/sync/status/failures';

/**
 * Asks the integration which records are still failing — open or ignored (an ignored record is still not in
 * QuickBooks) — so the bell can show a notification whose records all got through as resolved. A role that may
 * not read the dashboard (403) or an unreachable BFF answers null: the bell then claims nothing.
 */
export function createOpenFailures(bffUrl: string, getSessionToken: () => Promise<string>): OpenFailures {
  const post = async (body: object) => {
    const token = await getSessionToken();
    if (!token) return null;
    const res = await fetch(`${bffUrl.replace(/\/+$/, '')}${FAILURES_PATH}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) return null;
    return ((await res.json()) as { records?: { kind: string; id: string }[] }).records ?? [];
  };
  return async () => {
    const [open, ignored] = await Promise.all([post({ limit: 200 }), post({ ignored: true, limit: 200 })]);
    if (!open || !ignored) return null;
    return new Set([...open, ...ignored].map((r) => `${r.kind}:${r.id}`));
  };
}
