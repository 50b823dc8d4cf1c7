import { z } from 'zod';
import { SyncFailure, SyncFailureCode, SyncRecordKind } from './sync-failure.ts';

/**
 * The Sync Status dashboard (GUIDE step 7) and the per-record timeline: admins only, like the rest of the
 * sync API. Reads are GETs; searches take their filters in a POST body (free text never travels in a URL,
 * where proxies and access logs keep it).
 */
export const syncStatusApi = {
  dashboard: { method: 'GET', path: '/api/v1/sync/status' },
  activity: { method: 'GET', path: '/api/v1/sync/status/activity' },
  failures: { method: 'POST', path: '/api/v1/sync/status/failures' },
  retryMany: { method: 'POST', path: '/api/v1/sync/status/retry' },
  timeline: { method: 'GET', path: '/api/v1/sync/records/:kind/:id/timeline' },
  ignore: { method: 'POST', path: '/api/v1/sync/records/:kind/:id/ignore' },
  unignore: { method: 'POST', path: '/api/v1/sync/records/:kind/:id/unignore' },
  linkCandidates: { method: 'POST', path: '/api/v1/sync/records/:kind/:id/link-candidates' },
  link: { method: 'POST', path: '/api/v1/sync/records/:kind/:id/link' },
  searchRecords: { method: 'POST', path: '/api/v1/sync/records/search' },
} as const;

/** `/api/v1/sync/records/customer/cus_1/timeline` from a kind and an id (ids are URL-encoded). */
export function syncRecordPath(
  route: 'timeline' | 'ignore' | 'unignore' | 'linkCandidates' | 'link',
  kind: SyncRecordKind,
  id: string,
): string {
  return syncStatusApi[route].path.replace(':kind', kind).replace(':id', encodeURIComponent(id));
}

/** Why Pending will not move by itself right now (so no ETA is promised). */
export const PendingStall = z.enum(['auto_sync_off', 'needs_reconnect', 'disconnected']);
export type PendingStall = z.infer<typeof PendingStall>;

export const SyncStatusResponse = z.object({
  /** The BFF's clock when this was read: relative times are computed against it, not the browser's. */
  asOf: z.string().datetime(),
  connection: z.enum(['connected', 'needs_reconnect', 'disconnected', 'never_connected']),
  /** Why QuickBooks needs a reconnect (Intuit's words, made plain), when it does. */
  pausedReason: z.string().nullable(),
  autoSync: z.boolean(),
  /**
   * The mapping page's last verdict on the saved mapping (read when an admin last opened it): a mapped account,
   * item or tax code gone or inactive in QuickBooks means records that use it cannot sync.
   */
  mapping: z
    .object({
      status: z.enum(['mapped', 'account_not_found']),
      /** Concepts (service_revenue…), item kinds (labor_item…) or tax rate names, and what is wrong. */
      problems: z.array(z.object({ what: z.string(), code: z.string() })),
      checkedAt: z.string().datetime(),
    })
    .nullable(),
  lastSuccessAt: z.string().datetime().nullable(),
  pending: z.number().int().nonnegative(),
  /**
   * Seconds until Pending should be empty at QuickBooks' rate limit (one request per record, the limit
   * per company shared by every BFF instance); null when nothing is pending or when Pending is stalled.
   */
  etaSeconds: z.number().int().nonnegative().nullable(),
  stalledBy: PendingStall.nullable(),
  /** Needs a person, not ignored: the Failed counter. */
  failed: z.number().int().nonnegative(),
  /** Waiting on a failed record they depend on. */
  blocked: z.number().int().nonnegative(),
  ignored: z.number().int().nonnegative(),
  /** Kept since a deliberate disconnect; they sync only when an admin releases them. */
  held: z.number().int().nonnegative(),
  synced: z.number().int().nonnegative(),
  /** Intuit's published limits per company, for the ETA's explanation. */
  rateLimit: z.object({ perMinute: z.number().int().positive(), perSecond: z.number().int().positive() }),
});
export type SyncStatusResponse = z.infer<typeof SyncStatusResponse>;

/** One hour (UTC start) with records written to QuickBooks and records that failed; empty hours are left out. */
export const SyncActivityHour = z.object({
  hour: z.string().datetime(),
  synced: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type SyncActivityHour = z.infer<typeof SyncActivityHour>;

/**
 * The last `days` days by the hour: the wizard adds hours up into the tenant's local days (hours, not
 * days, so the server never needs the browser's time zone).
 */
export const SyncActivityResponse = z.object({
  from: z.string().datetime(),
  to: z.string().datetime(),
  days: z.number().int().positive(),
  hours: z.array(SyncActivityHour),
});
export type SyncActivityResponse = z.infer<typeof SyncActivityResponse>;

const RecordId = z.string().min(1).max(128);
const SearchText = z.string().trim().max(100);

/** The Failed list's filters. `ignored: true` lists the ignored records instead of the open ones. */
export const FailureFilter = z
  .object({
    kind: SyncRecordKind.optional(),
    code: SyncFailureCode.optional(),
    ignored: z.boolean().optional(),
    /** Exoserva record id, customer name or document number (contains, case-insensitive). */
    search: SearchText.optional(),
  })
  .strict();
export type FailureFilter = z.infer<typeof FailureFilter>;

export const FailureSearchRequest = FailureFilter.extend({
  limit: z.number().int().min(1).max(200).optional(),
  offset: z.number().int().min(0).max(100_000).optional(),
}).strict();
export type FailureSearchRequest = z.infer<typeof FailureSearchRequest>;

export const IgnoredBy = z.object({
  at: z.string().datetime(),
  userId: z.string(),
  name: z.string().nullable(),
  reason: z.string(),
});
export type IgnoredBy = z.infer<typeof IgnoredBy>;

export const FailedRecord = z.object({
  kind: SyncRecordKind,
  id: z.string(),
  /** The customer's name, the invoice number…, as last seen by the sync; null before it was ever read. */
  label: z.string().nullable(),
  state: z.enum(['failed', 'blocked']),
  failure: SyncFailure,
  failedAt: z.string().datetime(),
  attempts: z.number().int().nonnegative(),
  blockedBy: z
    .array(z.object({ kind: SyncRecordKind, id: z.string(), label: z.string().optional() }))
    .optional(),
  ignored: IgnoredBy.nullable(),
  /** The record in QuickBooks, when it is already linked to one (an update or a void that failed). */
  quickBooksUrl: z.string().url().nullable(),
  /** What the books are off by while it stays out: an invoice's total, a payment's or refund's amount, a payout's net. */
  amountCents: z.number().int().nullable().optional(),
  /** The customer it belongs to (null for a customer itself and a payout). */
  customerName: z.string().nullable().optional(),
});
export type FailedRecord = z.infer<typeof FailedRecord>;

export const FailureSearchResponse = z.object({
  records: z.array(FailedRecord),
  /** Matches of the whole filter (the page shows `records`). */
  total: z.number().int().nonnegative(),
  /** Open (not ignored) failures by code and by kind, for the filter menus. */
  codes: z.array(z.object({ code: SyncFailureCode, count: z.number().int().nonnegative() })),
  kinds: z.array(z.object({ kind: SyncRecordKind, count: z.number().int().nonnegative() })),
});
export type FailureSearchResponse = z.infer<typeof FailureSearchResponse>;

/** Bulk retry: the selected records, or every open failure matching a filter. */
export const BulkRetryRequest = z.union([
  z
    .object({
      records: z
        .array(z.object({ kind: SyncRecordKind, id: RecordId }).strict())
        .min(1)
        .max(500),
    })
    .strict(),
  z.object({ filter: FailureFilter.omit({ ignored: true }) }).strict(),
]);
export type BulkRetryRequest = z.infer<typeof BulkRetryRequest>;

export const IgnoreRequest = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export type IgnoreRequest = z.infer<typeof IgnoreRequest>;

export const IgnoreResponse = z.object({ ignored: IgnoredBy.nullable() });
export type IgnoreResponse = z.infer<typeof IgnoreResponse>;

export const LinkCandidatesRequest = z.object({ search: SearchText.optional() }).strict();
export type LinkCandidatesRequest = z.infer<typeof LinkCandidatesRequest>;

export const QboCustomerCandidate = z.object({
  qboId: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  /** Exactly the name this record sends (the one QuickBooks refused as a duplicate). */
  sameName: z.boolean(),
  /** Already the QuickBooks side of another Exoserva customer: linking would merge two people. */
  linkedTo: z.string().nullable(),
  quickBooksUrl: z.string().url(),
});
export type QboCustomerCandidate = z.infer<typeof QboCustomerCandidate>;

export const LinkCandidatesResponse = z.object({
  /** What was searched: the request's text, or the record's own name. */
  search: z.string(),
  candidates: z.array(QboCustomerCandidate),
});
export type LinkCandidatesResponse = z.infer<typeof LinkCandidatesResponse>;

export const LinkRequest = z.object({ qboCustomerId: z.string().regex(/^\d{1,20}$/) }).strict();
export type LinkRequest = z.infer<typeof LinkRequest>;

/** The link is stored and the record (with what waited on it) is queued to go now. */
export const LinkResponse = z.object({ qboId: z.string(), queued: z.number().int().nonnegative() });
export type LinkResponse = z.infer<typeof LinkResponse>;

export const TimelineEvent = z.enum([
  'queued',
  'sent',
  'synced',
  'retrying',
  'failed',
  'ignored',
  'unignored',
  'linked',
]);
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const TimelineEntry = z.object({
  id: z.string(),
  at: z.string().datetime(),
  event: TimelineEvent,
  operation: z.enum(['create', 'update', 'void', 'delete']).nullable(),
  recordVersion: z.number().int().nullable(),
  qboId: z.string().nullable(),
  syncToken: z.string().nullable(),
  requestId: z.string().nullable(),
  intuitTid: z.string().nullable(),
  /** The QuickBooks body that was sent (never a token: the engine's mapped entity). */
  payload: z.record(z.string(), z.unknown()).nullable(),
  failure: SyncFailure.nullable(),
  /** queued: why (new, new version, retry…); ignored: the reason; linked: who chose the customer. */
  detail: z.string().nullable(),
  actorName: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const RecordTimelineResponse = z.object({
  kind: SyncRecordKind,
  id: z.string(),
  label: z.string().nullable(),
  state: z.enum(['pending', 'held', 'synced', 'failed', 'blocked', 'ignored', 'not_queued']),
  qboId: z.string().nullable(),
  syncToken: z.string().nullable(),
  quickBooksUrl: z.string().url().nullable(),
  failure: SyncFailure.nullable(),
  ignored: IgnoredBy.nullable(),
  /** Oldest first; the newest entries are kept (the log is bounded per record and by age). */
  entries: z.array(TimelineEntry),
  /** True when older entries were pruned. */
  truncated: z.boolean(),
});
export type RecordTimelineResponse = z.infer<typeof RecordTimelineResponse>;

/** "Follow one record": an invoice number, a customer's name, an amount ($142.50) or an Exoserva id. */
export const RecordSearchRequest = z.object({ query: z.string().trim().min(1).max(100) }).strict();
export type RecordSearchRequest = z.infer<typeof RecordSearchRequest>;

export const RecordMatch = z.object({
  kind: SyncRecordKind,
  id: z.string(),
  /** Invoice number, customer name, check number, Stripe payout id… */
  label: z.string().nullable(),
  customerName: z.string().nullable(),
  amountCents: z.number().int().nullable(),
  lastActivityAt: z.string().datetime(),
  /** Where it stands in the queue (null: the log knows it, the queue no longer does). */
  state: z.enum(['pending', 'done', 'failed', 'blocked']).nullable(),
});
export type RecordMatch = z.infer<typeof RecordMatch>;

export const RecordSearchResponse = z.object({
  query: z.string(),
  /** What the query read as an amount, when it was one. */
  amountCents: z.number().int().nullable(),
  /** Newest activity first, at most 20. Records the engine logged in the last 90 days. */
  matches: z.array(RecordMatch),
});
export type RecordSearchResponse = z.infer<typeof RecordSearchResponse>;
