/** Every query of the Sync Status screens starts with this key, so one invalidation refreshes them all. */
export const syncStatusKey = ['sync-status'] as const;

/** How often the screens poll while they are open: live without a reload, gentle on the BFF. */
export const POLL_MS = { status: 5_000, failures: 10_000, activity: 60_000, timeline: 5_000 } as const;
