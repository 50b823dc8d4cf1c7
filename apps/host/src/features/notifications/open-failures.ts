import type { syncStatusApi } from '@exoserva/contracts';
import { bffJson } from '../../lib/bff-fetch.ts';
import type { OpenFailures } from './notifications.tsx';

// A literal typed against the contract (a value import would bring every schema into the shell).
const FAILURES_PATH: (typeof syncStatusApi)['failures']['path'] = '/api/v1/sync/status/failures';

/**
 * Asks the integration which records are still failing — open or ignored (an ignored record is still not in
 * QuickBooks) — so the bell can show a notification whose records all got through as resolved. A role that may
 * not read the dashboard (403) or an unreachable BFF answers null: the bell then claims nothing.
 */
export function createOpenFailures(bffUrl: string, getSessionToken: () => Promise<string>): OpenFailures {
  const list = (body: object) =>
    bffJson<{ records?: { kind: string; id: string }[] }>(bffUrl, getSessionToken, FAILURES_PATH, { body });
  return async () => {
    const [open, ignored] = await Promise.all([list({ limit: 200 }), list({ ignored: true, limit: 200 })]);
    if (!open || !ignored) return null;
    return new Set([...(open.records ?? []), ...(ignored.records ?? [])].map((r) => `${r.kind}:${r.id}`));
  };
}
