import { z } from 'zod';
import { Cents } from './money.ts';
import { SyncFailure } from './sync-failure.ts';

/**
 * The test sync (GUIDE step 5) and what it unlocks (step 6, auto-sync). One button runs the guide's manual
 * test for the admin: a customer, a $1.00 invoice with one Service Revenue line, paid, synced with Sync Now,
 * then read back from QuickBooks and checked. Admins only. The run is a resource the wizard polls.
 */
export const testSyncApi = {
  current: { method: 'GET', path: '/api/v1/test-sync' },
  start: { method: 'POST', path: '/api/v1/test-sync/runs' },
  cleanup: { method: 'POST', path: '/api/v1/test-sync/runs/:id/cleanup' },
} as const;

/** The guide: "Always test with $1.00, never $0.00". Fixed; the request may only repeat it. */
export const TEST_SYNC_AMOUNT_CENTS = 100;
/** The guide's name for the test customer. */
export const TEST_CUSTOMER_NAME = 'Test Customer ZZ';

/**
 * `amountCents` may be omitted (it is always 100). A $0.00 test is refused with the guide's reason (400
 * `validation_failed`, `details.reason = 'zero_amount'`); any other amount with `details.reason = 'fixed_amount'`.
 */
export const TestSyncStartRequest = z
  .object({ amountCents: z.number().int().nonnegative().max(100_000_000_00).optional() })
  .strict();
export type TestSyncStartRequest = z.infer<typeof TestSyncStartRequest>;

/** Why a start or an auto-sync change was refused, in `error.details.reason`. */
export const TestSyncRefusal = z.enum([
  /** A $0.00 test: some QuickBooks versions reject zero-dollar invoices outright. */
  'zero_amount',
  /** The test always uses $1.00. */
  'fixed_amount',
  /** A test is still running. */
  'run_in_progress',
  /** The last test's records are still in both systems: clean them up first (the names would clash). */
  'cleanup_first',
  /** Auto-sync on without a passing test: needs `override: true`. */
  'test_sync_required',
]);
export type TestSyncRefusal = z.infer<typeof TestSyncRefusal>;

export const TestSyncRunParams = z.object({ id: z.string().uuid() });

/** The guide's steps, in order: three in Exoserva, Sync Now, five checks in QuickBooks. */
export const TestSyncStepId = z.enum([
  'create_customer',
  'create_invoice',
  'mark_paid',
  'sync_now',
  'verify_customer',
  'verify_invoice',
  'verify_payment',
  'verify_income',
  'verify_deposit',
]);
export type TestSyncStepId = z.infer<typeof TestSyncStepId>;
export const TEST_SYNC_STEPS = TestSyncStepId.options;

export const TestSyncStepState = z.enum(['waiting', 'running', 'passed', 'failed', 'skipped']);
export type TestSyncStepState = z.infer<typeof TestSyncStepState>;

/** The mapping entry (Field Mapping page) a mismatch points at. */
export const TestSyncMappingEntry = z.enum([
  'service_revenue',
  'labor_item',
  'undeposited_funds',
  'bank_deposit',
  'cash_routing',
]);
export type TestSyncMappingEntry = z.infer<typeof TestSyncMappingEntry>;

export const TestSyncProblemCode = z.enum([
  /** Exoserva refused or could not be reached while creating the test records. */
  'exoserva_failed',
  /** The sync engine could not send a record (its failure, with the plain-words fix, is attached). */
  'sync_failed',
  /** The records did not land within the time allowed. */
  'timed_out',
  /** QuickBooks could not be read back. */
  'quickbooks_unavailable',
  /** The record is not in QuickBooks. */
  'missing_in_quickbooks',
  /** QuickBooks holds another amount than $1.00. */
  'amount_mismatch',
  /** The invoice is still open in QuickBooks after the payment. */
  'balance_not_zero',
  /** The line or payment went to another account than the mapping says. */
  'wrong_account',
  /** An account's balance did not move by exactly the test amount. */
  'balance_moved_wrong',
]);
export type TestSyncProblemCode = z.infer<typeof TestSyncProblemCode>;

export const TestSyncAccountRef = z.object({ id: z.string(), name: z.string() });
export type TestSyncAccountRef = z.infer<typeof TestSyncAccountRef>;

export const TestSyncProblem = z.object({
  code: TestSyncProblemCode,
  /** The mapping entry to fix (links to the Field Mapping page), when the mismatch is a mapping's doing. */
  mappingEntry: TestSyncMappingEntry.nullable(),
  /** Expected and found, for amounts and balance movements (cents). */
  expectedCents: Cents.optional(),
  actualCents: Cents.optional(),
  /** The account the mapping names, and the one QuickBooks actually used (wrong_account). */
  expectedAccount: TestSyncAccountRef.optional(),
  actualAccount: TestSyncAccountRef.optional(),
  /** sync_failed: the engine's failure, with Intuit's message turned into the plain fix. */
  syncFailure: SyncFailure.optional(),
  /** For support and logs; the wizard words the problem from `code`. */
  message: z.string(),
});
export type TestSyncProblem = z.infer<typeof TestSyncProblem>;

export const TestSyncStep = z.object({
  id: TestSyncStepId,
  state: TestSyncStepState,
  /** What the check saw when it passed (cents moved, total found). */
  actualCents: Cents.optional(),
  problem: TestSyncProblem.optional(),
});
export type TestSyncStep = z.infer<typeof TestSyncStep>;

/** One test record: its Exoserva id, its QuickBooks id once synced, and how people recognise it. */
export const TestSyncRecord = z.object({
  exoId: z.string(),
  qboId: z.string().nullable(),
  label: z.string(),
});
export type TestSyncRecord = z.infer<typeof TestSyncRecord>;

export const TestSyncCleanupAction = z.enum([
  'deleted',
  'voided',
  'made_inactive',
  /** Already removed (by an earlier clean-up, or by hand). */
  'already_gone',
  /** The run never created it. */
  'not_created',
  'failed',
]);
export type TestSyncCleanupAction = z.infer<typeof TestSyncCleanupAction>;

export const TestSyncCleanupItem = z.object({
  system: z.enum(['quickbooks', 'exoserva']),
  kind: z.enum(['customer', 'invoice', 'payment']),
  label: z.string(),
  action: TestSyncCleanupAction,
  /** failed: what went wrong (English, for support). */
  message: z.string().optional(),
});
export type TestSyncCleanupItem = z.infer<typeof TestSyncCleanupItem>;

export const TestSyncCleanup = z.object({
  /** done: every item removed (or already gone); incomplete: some failed, run the clean-up again. */
  status: z.enum(['done', 'incomplete']),
  at: z.string().datetime(),
  items: z.array(TestSyncCleanupItem),
});
export type TestSyncCleanup = z.infer<typeof TestSyncCleanup>;

export const TestSyncRun = z.object({
  id: z.string().uuid(),
  status: z.enum(['running', 'passed', 'failed']),
  amountCents: Cents,
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime().nullable(),
  startedBy: z.object({ userId: z.string(), name: z.string().nullable() }),
  /** The mapping version the test checked (a pass counts only while the mapping stays this version). */
  mappingVersion: z.number().int().positive().nullable(),
  steps: z.array(TestSyncStep),
  records: z.object({
    customer: TestSyncRecord.nullable(),
    invoice: TestSyncRecord.nullable(),
    payment: TestSyncRecord.nullable(),
  }),
  /** The accounts whose balances the test watches: the mapped Service Revenue and where cash payments go. */
  accounts: z.object({
    income: TestSyncAccountRef.nullable(),
    deposit: TestSyncAccountRef.extend({ entry: z.enum(['undeposited_funds', 'bank_deposit']) }).nullable(),
  }),
  cleanup: TestSyncCleanup.nullable(),
});
export type TestSyncRun = z.infer<typeof TestSyncRun>;

/**
 * The latest run, and where auto-sync stands: on or off, and whether a passing test unlocks it. A pass counts
 * for the company and mapping version it checked; `lock` says why auto-sync still needs an override.
 */
export const TestSyncCurrentResponse = z.object({
  run: TestSyncRun.nullable(),
  autoSync: z.boolean(),
  passedAt: z.string().datetime().nullable(),
  lock: z.enum(['never_passed', 'mapping_changed']).nullable(),
});
export type TestSyncCurrentResponse = z.infer<typeof TestSyncCurrentResponse>;
