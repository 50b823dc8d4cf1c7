import { z } from 'zod';

/**
 * Why a record did not reach QuickBooks, in the product's words. The sync core produces these (from its
 * own checks and from Intuit's faults); the BFF stores them; the wizard's status dashboard shows `title`
 * and `fix` next to a Retry button. Codes are lower_snake_case and stable.
 */
export const SyncRecordKind = z.enum(['customer', 'invoice', 'payment', 'refund', 'payout']);
export type SyncRecordKind = z.infer<typeof SyncRecordKind>;

/**
 * retryable: the worker tries again by itself (after a delay, a token refresh or a re-read).
 * needs_person: nothing changes until someone fixes data or mapping and presses Retry.
 * reconnect: the QuickBooks connection itself is broken; an admin must reconnect.
 */
export const SyncFailureKind = z.enum(['retryable', 'needs_person', 'reconnect']);
export type SyncFailureKind = z.infer<typeof SyncFailureKind>;

export const syncFailureCodes = [
  // retryable
  'throttled',
  'qbo_unavailable',
  'network_error',
  'stale_object',
  'token_expired',
  'duplicate_request',
  'dependency_missing',
  // needs a person
  'customer_name_conflict',
  'invalid_tax_rate',
  'account_not_found',
  'customer_not_found',
  'deleted_in_quickbooks',
  'duplicate_doc_number',
  'amount_calculation',
  'amount_mismatch',
  'payout_not_positive',
  'business_validation',
  'books_closed',
  'deposited_locked',
  'qbo_validation',
  'retries_exhausted',
  'unknown_fault',
  // reconnect (the company's sync pauses until a person acts)
  'reauth_required',
  'access_denied',
  'company_inactive',
] as const;
export const SyncFailureCode = z.enum(syncFailureCodes);
export type SyncFailureCode = z.infer<typeof SyncFailureCode>;

/** What Intuit said, verbatim, for support and for the "details" disclosure in the dashboard. */
export const IntuitFaultInfo = z.object({
  code: z.string(),
  message: z.string(),
  detail: z.string(),
  element: z.string(),
  intuitTid: z.string().optional(),
});
export type IntuitFaultInfo = z.infer<typeof IntuitFaultInfo>;

export const SyncFailure = z.object({
  kind: SyncFailureKind,
  code: SyncFailureCode,
  /** Plain words, e.g. "Customer name conflict". */
  title: z.string(),
  /** What to do about it, in plain words. */
  fix: z.string(),
  /** Wait at least this long before retrying (Intuit's Retry-After). */
  retryAfterMs: z.number().int().nonnegative().optional(),
  /** The request may or may not have landed: look the record up before creating it again. */
  ambiguous: z.boolean().optional(),
  /** Re-read the QuickBooks entity (fresh SyncToken) before retrying. */
  reread: z.boolean().optional(),
  /** Refresh the access token, then retry once. */
  refreshToken: z.boolean().optional(),
  intuit: IntuitFaultInfo.optional(),
  /** Machine-readable specifics (amounts in cents, the record a dependency is missing for…). */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type SyncFailure = z.infer<typeof SyncFailure>;
