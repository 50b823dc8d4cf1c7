import type { connectionApi, syncApi } from '@exoserva/contracts';
import { useEffect, useState } from 'react';
import { bffJson } from '../../lib/bff-fetch.ts';

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
    const get = (path: string) =>
      bffJson<Record<string, unknown>>(bffUrl, getSessionToken, path, { signal: controller.signal });
    void (async () => {
      const connection = await get(STATUS_PATH);
      // Unreachable, aborted or not this role's to read: the card stays as it is ("Available").
      if (!connection || controller.signal.aborted) return;
      const company = (connection.company as { name?: string } | null)?.name ?? null;
      if (connection.state === 'needs_reconnect') {
        setState({ kind: 'needs_reconnect', company });
      } else if (connection.state === 'connected') {
        const summary = await get(SUMMARY_PATH);
        if (!controller.signal.aborted)
          setState({ kind: 'connected', company, failed: Number(summary?.failed ?? 0) });
      } else {
        setState({ kind: 'disconnected' });
      }
    })();
    return () => controller.abort();
  }, [bffUrl, getSessionToken]);
  return state;
}
