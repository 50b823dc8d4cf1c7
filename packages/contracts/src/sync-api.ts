import { z } from 'zod';
import { SyncFailure, SyncRecordKind } from './sync-failure.ts';

/**
 * The sync endpoints of the BFF (admins only, `Authorization: Bearer <session token>`), shared by the BFF
 * (validates requests) and the wizard (validates responses). The event and webhook receivers are
 * server-to-server and signed; they are listed for completeness.
 */
export const syncApi = {
  summary: { method: 'GET', path: '/api/v1/sync/summary' },
  failures: { method: 'GET', path: '/api/v1/sync/failures' },
  settings: { method: 'PUT', path: '/api/v1/sync/settings' },
  runTenant: { method: 'POST', path: '/api/v1/sync/run' },
  runRecord: { method: 'POST', path: '/api/v1/sync/records/:kind/:id/run' },
  held: { method: 'GET', path: '/api/v1/sync/held' },
  releaseHeld: { method: 'POST', path: '/api/v1/sync/held/release' },
  exoservaEvents: { method: 'POST', path: '/api/v1/exoserva/events' },
  intuitWebhooks: { method: 'POST', path: '/api/v1/intuit/webhooks' },
} as const;

/** Where the tenant's sync stands: what waits, what needs a person, when a record last landed. */
export const SyncSummaryResponse = z.object({
  autoSync: z.boolean(),
  /** Paused because the QuickBooks connection needs a reconnect (the queue is kept). */
  paused: z.boolean(),
  pausedReason: z.string().nullable(),
  pending: z.number().int().nonnegative(),
  /** Needs a person: a failure, or held by one it depends on. */
  failed: z.number().int().nonnegative(),
  blocked: z.number().int().nonnegative(),
  synced: z.number().int().nonnegative(),
  lastSuccessAt: z.string().datetime().nullable(),
});
export type SyncSummaryResponse = z.infer<typeof SyncSummaryResponse>;

export const SyncFailureEntry = z.object({
  kind: SyncRecordKind,
  id: z.string(),
  failure: SyncFailure,
  failedAt: z.string().datetime(),
  attempts: z.number().int().nonnegative(),
  /** For records held by another's failure: the records at the root. */
  blockedBy: z.array(z.object({ kind: SyncRecordKind, id: z.string() })).optional(),
});
export type SyncFailureEntry = z.infer<typeof SyncFailureEntry>;

export const SyncFailuresResponse = z.object({ failures: z.array(SyncFailureEntry) });
export type SyncFailuresResponse = z.infer<typeof SyncFailuresResponse>;

/**
 * `override: true` turns auto-sync on without a passing test sync (GUIDE step 6 says to test first); the BFF
 * refuses `autoSync: true` without a pass or the override (409 conflict, `details.reason = 'test_sync_required'`)
 * and audits every override.
 */
export const SyncSettingsRequest = z
  .object({ autoSync: z.boolean(), override: z.boolean().optional() })
  .strict();
export type SyncSettingsRequest = z.infer<typeof SyncSettingsRequest>;

export const SyncSettingsResponse = z.object({ autoSync: z.boolean() });
export type SyncSettingsResponse = z.infer<typeof SyncSettingsResponse>;

/** Sync Now: how many records were queued to go now (failed ones included: it is also "Retry all"). */
export const SyncRunResponse = z.object({ queued: z.number().int().nonnegative() });
export type SyncRunResponse = z.infer<typeof SyncRunResponse>;

export const SyncRecordParams = z.object({ kind: SyncRecordKind, id: z.string().min(1).max(128) });
export type SyncRecordParams = z.infer<typeof SyncRecordParams>;

/** What the event receiver answers Exoserva: the event was stored (or had been already). */
export const ExoEventAck = z.object({ received: z.literal(true), duplicate: z.boolean() });
export type ExoEventAck = z.infer<typeof ExoEventAck>;

/**
 * Records created or changed in Exoserva while QuickBooks was deliberately disconnected (and what was still
 * waiting at the disconnect): kept, but never synced unless an admin releases them.
 */
export const HeldRecord = z.object({
  kind: SyncRecordKind,
  id: z.string(),
  /** When the record was first held. */
  since: z.string().datetime(),
  /** Its number or name, amount and customer, for the first few listed (read from Exoserva). */
  label: z.string().optional(),
  amountCents: z.number().int().optional(),
  customerName: z.string().optional(),
});
export type HeldRecord = z.infer<typeof HeldRecord>;

/** `records` is capped (oldest first); `total` counts every held record. */
export const HeldRecordsResponse = z.object({
  records: z.array(HeldRecord),
  total: z.number().int().nonnegative(),
});
export type HeldRecordsResponse = z.infer<typeof HeldRecordsResponse>;

export const ReleaseHeldRequest = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z
    .object({
      records: z
        .array(z.object({ kind: SyncRecordKind, id: z.string().min(1).max(128) }).strict())
        .min(1)
        .max(500),
    })
    .strict(),
]);
export type ReleaseHeldRequest = z.infer<typeof ReleaseHeldRequest>;

/** How many held records were moved back to the queue (to go now). */
export const ReleaseHeldResponse = z.object({ released: z.number().int().nonnegative() });
export type ReleaseHeldResponse = z.infer<typeof ReleaseHeldResponse>;
