import { z } from 'zod';
import { IsoDate } from './calendar.ts';
import { Cents } from './money.ts';
import { SyncRecordKind } from './sync-failure.ts';

/**
 * Backfill (issue 8, GUIDE step 9) and the re-post of a date range after a re-map (issue 5): bringing a
 * range of Exoserva records across to QuickBooks as a durable background job. Admins only.
 */
export const backfillApi = {
  preview: { method: 'POST', path: '/api/v1/backfill/preview' },
  start: { method: 'POST', path: '/api/v1/backfill/jobs' },
  current: { method: 'GET', path: '/api/v1/backfill/jobs/current' },
  pause: { method: 'POST', path: '/api/v1/backfill/jobs/:id/pause' },
  resume: { method: 'POST', path: '/api/v1/backfill/jobs/:id/resume' },
  cancel: { method: 'POST', path: '/api/v1/backfill/jobs/:id/cancel' },
} as const;

/** The record kinds a range is made of (customers come along with the records that refer to them). */
export const BackfillKind = z.enum(['invoice', 'payment', 'refund', 'payout']);
export type BackfillKind = z.infer<typeof BackfillKind>;
export const BACKFILL_KINDS = BackfillKind.options;

/** Longest range one job covers: a year keeps a job's plan (and its preview) a bounded read. */
export const MAX_BACKFILL_DAYS = 366;

const dayNumber = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;

export const BackfillRangeRequest = z
  .object({
    from: IsoDate,
    to: IsoDate,
    /** Omitted: every kind. */
    kinds: z.array(BackfillKind).min(1).max(4).optional(),
  })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must be on or before to', path: ['to'] })
  .refine((r) => dayNumber(r.to) - dayNumber(r.from) < MAX_BACKFILL_DAYS, {
    message: `a range covers at most ${MAX_BACKFILL_DAYS} days`,
    path: ['to'],
  });
export type BackfillRangeRequest = z.infer<typeof BackfillRangeRequest>;

const Count = z.number().int().nonnegative();

/** Per kind: what the range holds and what will happen to it. */
export const BackfillPreviewKind = z.object({
  kind: SyncRecordKind,
  /** Records of this kind in the range (customers: the ones the range's records refer to). */
  records: Count,
  /** Sum of their amounts in cents (invoices: totals; payouts: net); 0 for customers. */
  totalCents: Cents,
  /** Already in QuickBooks through the id map: nothing is sent. */
  alreadySynced: Count,
  /** Found in QuickBooks (invoice DocNumber, matched customer): linked instead of created. */
  willLink: Count,
  willCreate: Count,
  /** Their amount in cents (what the range adds to the books). */
  willCreateCents: Cents,
  /** Customers whose match needs a person (the matching step), or invoices whose number is taken. */
  needsReview: Count,
  /** Held since a deliberate disconnect: the backfill releases them. */
  held: Count,
});
export type BackfillPreviewKind = z.infer<typeof BackfillPreviewKind>;

export const BackfillPreviewResponse = z.object({
  from: IsoDate,
  to: IsoDate,
  kinds: z.array(BackfillPreviewKind),
  /** Records the job would send (created or linked-and-updated). */
  toSend: Count,
  /** At the limiter's rate, with live sync going first. */
  estimatedSeconds: Count,
});
export type BackfillPreviewResponse = z.infer<typeof BackfillPreviewResponse>;

export const BackfillJobStatus = z.enum(['running', 'paused', 'done', 'cancelled']);
export type BackfillJobStatus = z.infer<typeof BackfillJobStatus>;

export const BackfillJob = z.object({
  id: z.string(),
  /** backfill: the admin's range; repost: re-sending a range with a new mapping version. */
  source: z.enum(['backfill', 'repost']),
  mappingVersion: z.number().int().positive().nullable(),
  from: IsoDate,
  to: IsoDate,
  kinds: z.array(BackfillKind),
  status: BackfillJobStatus,
  /** Records the job sends. */
  total: Count,
  /** Landed in QuickBooks (or found already there). */
  synced: Count,
  /** Need a person: listed on the status page with the fix. */
  failed: Count,
  /** Handed to the sync queue and not landed yet. */
  inFlight: Count,
  /** Not handed to the queue yet. */
  waiting: Count,
  /** Records per minute over the last minute; null until there is a measure. */
  ratePerMinute: z.number().nonnegative().nullable(),
  /** Seconds until done at that rate (or the limiter's); null when finished or paused. */
  etaSeconds: Count.nullable(),
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime().nullable(),
  startedBy: z.string(),
});
export type BackfillJob = z.infer<typeof BackfillJob>;

export const BackfillCurrentResponse = z.object({ job: BackfillJob.nullable() });
export type BackfillCurrentResponse = z.infer<typeof BackfillCurrentResponse>;

export const BackfillJobParams = z.object({ id: z.string().uuid() });
