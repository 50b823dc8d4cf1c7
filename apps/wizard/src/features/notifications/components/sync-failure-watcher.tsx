import { useEffect, useRef } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { useRecentNotifications } from '../api/get-recent-notifications.ts';

/** How often an open wizard asks whether something new failed (the BFF's notification loop is the source). */
export const WATCH_INTERVAL_MS = 15_000;

/**
 * Tells the host about failures raised while the wizard is open, through the mount callback `onSyncFailed`:
 * once per failure episode (the BFF's alerts are already deduplicated per record), never for those that
 * existed when the wizard mounted. Renders nothing. Mounted only for admins of a connected company.
 */
export function SyncFailureWatcher() {
  const { callbacks } = useWizardEnv();
  const recent = useRecentNotifications({ refetchInterval: WATCH_INTERVAL_MS });
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    const alerts = recent.data?.alerts;
    if (!alerts) return;
    if (seen.current === null) {
      seen.current = new Set(alerts.map((a) => a.id));
      return;
    }
    for (const alert of [...alerts].reverse()) {
      if (seen.current.has(alert.id)) continue;
      seen.current.add(alert.id);
      callbacks().onSyncFailed?.({
        recordType: alert.recordKind ?? 'connection',
        recordId: alert.recordId ?? '',
        message: alert.label ? `${alert.label}: ${alert.title}` : alert.title,
      });
    }
  }, [recent.data, callbacks]);

  return null;
}
