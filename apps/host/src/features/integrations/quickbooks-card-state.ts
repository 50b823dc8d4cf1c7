import type { connectionApi, syncApi } from '@exoserva/contracts';
import { useEffect, useState } from 'react';

// The paths as literals (a value import would bring every contract schema into the shell); typed against the
// contracts, so a changed path fails typecheck here.
const STATUS_PATH: (typeof connectionApi)['status']['path'] = '/api/v1/connection';
const SUMMARY_PATH: (typeof syncApi)['summary']['path'] = '/api/v1/sync/summary';

/** What the Integrations card says about QuickBooks: the connection and what needs a person. */
export type QuickBooksCardState =
  | { kind: 'unknown' }
  | { kind: 'disconnected' }
  | { kind: 'connected'; company: string | null; failed: number }
  | { kind: 'needs_reconnect'; company: string | null };

/**
 * Reads the integration's own answers (the connection and the sync summary) with the signed-in session, as
 * the real shell would for its card. A role that may not see them (a Technician: 403) gets "unknown": the card
 * then just offers to open the integration.
 */
export function useQuickBooksCardState(
  bffUrl: string,
  getSessionToken: () => Promise<string>,
): QuickBooksCardState {
  const [state, setState] = useState<QuickBooksCardState>({ kind: 'unknown' });
  useEffect(() => {
    const controller = new AbortController();
    const get = async (path: string) => {
      const token = await getSessionToken();
      if (!token) return null;
      const res = await fetch(`${bffUrl.replace(/\/+$/, '')}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: controller.signal,
      });
      return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
    };
    void (async () => {
      try {
        const connection = await get(STATUS_PATH);
        if (!connection) return;
        const company = (connection.company as { name?: string } | null)?.name ?? null;
        if (connection.state === 'needs_reconnect') {
          setState({ kind: 'needs_reconnect', company });
        } else if (connection.state === 'connected') {
          const summary = await get(SUMMARY_PATH);
          setState({ kind: 'connected', company, failed: Number(summary?.failed ?? 0) });
        } else {
          setState({ kind: 'disconnected' });
        }
      } catch {
        // Unreachable or aborted: the card stays as it is ("Available").
      }
    })();
    return () => controller.abort();
  }, [bffUrl, getSessionToken]);
  return state;
}
