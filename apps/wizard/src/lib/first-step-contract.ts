import type * as contracts from '@exoserva/contracts';
import { z } from 'zod/mini';

/**
 * What the first step (Connect, and its dialogs) needs from `@exoserva/contracts`, as copies: the answers it
 * reads as `zod/mini` schemas, and the few constants beside them (paths, query parameters, scopes). ADR 0011.
 *
 * Why copies: the contracts are written in classic zod, whose method-chaining API cannot be tree-shaken (≈25 KB
 * gzip of the wizard's 80 KB first-step budget); `zod/mini` keeps only the checks a schema uses. Later steps
 * still validate with the contracts' own schemas — classic zod then arrives with the first of them, on demand.
 *
 * Why they cannot drift: each copy's type must equal the contract's (`SameType` below, checked by `typecheck`),
 * and `first-step-schemas.test.ts` compares each copy's JSON Schema with the contract's, which covers what types
 * cannot see (formats such as date-time, integer and non-negative checks, enums); the same test compares the
 * constants. Change a contract the first step reads → change its copy here in the same commit; the test names
 * the one that differs.
 *
 * Nothing in the first step may import a *value* from `@exoserva/contracts` (types are free): every contracts
 * module that holds a constant also builds classic schemas at load time, so importing even `errorCodes` would
 * bring classic zod back. `mount.ts`'s MOUNT_CONTRACT_VERSION is the one exception (that module has no zod).
 */

/** `connectionApi` and `syncApi` paths the first step calls. */
export const firstStepPaths = {
  status: '/api/v1/connection',
  authorize: '/api/v1/connection/authorize',
  confirmSwitch: '/api/v1/connection/switch',
  cancelSwitch: '/api/v1/connection/switch',
  disconnect: '/api/v1/connection/disconnect',
  audit: '/api/v1/audit',
  me: '/api/v1/me',
  held: '/api/v1/sync/held',
  releaseHeld: '/api/v1/sync/held/release',
  setupProgress: '/api/v1/setup/progress',
} as const;

/** Query parameters the BFF appends to `returnTo` when the OAuth flow ends (= contracts' OAuthResultParam). */
export const OAuthResultParam = {
  ok: 'qbo_connected',
  error: 'qbo_error',
  pendingSwitch: 'qbo_pending_switch',
} as const;

/** Scopes the product asks Intuit for, shown before connecting (= contracts' REQUESTED_ACCESS). */
export const REQUESTED_ACCESS = ['customers', 'invoices', 'payments', 'items', 'tax_rates'] as const;

/** The BFF's stable error codes (= contracts' errorCodes). */
export const errorCodes = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'qbo_reauth_required',
  'qbo_unavailable',
  'oauth_state_invalid',
  'oauth_denied',
  'oauth_code_invalid',
  'company_connected_elsewhere',
  'company_switch_requires_confirmation',
  'signature_invalid',
  'mapping_invalid',
  'remap_confirmation_required',
  'exoserva_unavailable',
  'internal_error',
] as const;

const datetime = () => z.iso.datetime();
const nonNegativeInt = () => z.int().check(z.nonnegative());

export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    requestId: z.string(),
    details: z.optional(z.unknown()),
  }),
});

export const MeResponse = z.object({
  userId: z.string(),
  tenantId: z.string(),
  role: z.string(),
  name: z.nullable(z.string()),
  tenantName: z.nullable(z.string()),
  canManage: z.boolean(),
});

const company = z.object({ realmId: z.string(), name: z.string() });

export const ConnectionStatusResponse = z.object({
  state: z.enum(['disconnected', 'connected', 'needs_reconnect']),
  company: z.nullable(company),
  connectedAt: z.nullable(datetime()),
  reason: z.nullable(z.string()),
  hardExpiresAt: z.nullable(datetime()),
  environment: z.enum(['sandbox', 'production']),
  pendingSwitch: z.nullable(
    z.object({
      from: company,
      to: company,
      linkedRecords: nonNegativeInt(),
      expiresAt: datetime(),
    }),
  ),
});

export const AuditResponse = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: datetime(),
      action: z.enum([
        'connect',
        'reconnect',
        'switch',
        'disconnect',
        'needs_reconnect',
        'mapping_saved',
        'direction_changed',
        'customers_matched',
        'qbo_record_created',
        'held_released',
        'sync_record_ignored',
        'sync_record_unignored',
        'sync_customer_linked',
        'backfill_started',
        'backfill_paused',
        'backfill_resumed',
        'backfill_cancelled',
        'notifications_changed',
        'test_sync_run',
        'test_sync_cleanup',
        'auto_sync_override',
      ]),
      actor: z.nullable(z.object({ userId: z.string(), name: z.nullable(z.string()), role: z.string() })),
      company: z.nullable(z.object({ realmId: z.string(), name: z.nullable(z.string()) })),
      detail: z.nullable(z.string()),
      detailCode: z.optional(z.string().check(z.maxLength(64))),
      detailParams: z.optional(z.looseObject({})),
    }),
  ),
});

export const AuthorizeResponse = z.object({ url: z.url(), expiresAt: datetime() });

export const OAuthPopupMessage = z.object({
  type: z.literal('exoserva-qbo-oauth'),
  outcome: z.enum(['connected', 'error', 'pending_switch']),
  errorCode: z.optional(z.string()),
});

/** Also parses the Sync Status timeline route's `$kind` param, which lives in the first chunk with the route tree. */
export const SyncRecordKind = z.enum(['customer', 'invoice', 'payment', 'refund', 'payout']);

export const HeldRecordsResponse = z.object({
  records: z.array(
    z.object({
      kind: SyncRecordKind,
      id: z.string(),
      since: datetime(),
      label: z.optional(z.string()),
      amountCents: z.optional(z.int()),
      customerName: z.optional(z.string()),
    }),
  ),
  total: nonNegativeInt(),
});

export const ReleaseHeldResponse = z.object({ released: nonNegativeInt() });

/** The guide's setup, step by step (the step list marks what is done). */
export const SetupProgressResponse = z.object({
  connected: z.boolean(),
  mapping: z.enum(['todo', 'done', 'needs_attention']),
  direction: z.enum(['todo', 'done']),
  testSync: z.enum(['todo', 'passed', 'failed']),
  autoSync: z.enum(['off', 'on']),
});

/** Any body: for answers the contract leaves open (the status is re-read afterwards instead). */
export const AnyBody = z.unknown();

/** Every copy above, by the name of the contract schema it mirrors (the drift test walks this). */
export const FIRST_STEP_SCHEMAS = {
  ErrorEnvelope,
  MeResponse,
  ConnectionStatusResponse,
  AuditResponse,
  AuthorizeResponse,
  OAuthPopupMessage,
  SyncRecordKind,
  HeldRecordsResponse,
  ReleaseHeldResponse,
  SetupProgressResponse,
} as const;

// ── compile-time: each copy has exactly the contract's type ────────────────────────────────────────────────
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mirrors = typeof FIRST_STEP_SCHEMAS;
type DriftedSchema = {
  [K in keyof Mirrors]: SameType<z.output<Mirrors[K]>, z.output<(typeof contracts)[K]>> extends true
    ? never
    : K;
}[keyof Mirrors];
type DriftedConstant =
  | (SameType<typeof OAuthResultParam, typeof contracts.OAuthResultParam> extends true
      ? never
      : 'OAuthResultParam')
  | (SameType<typeof REQUESTED_ACCESS, typeof contracts.REQUESTED_ACCESS> extends true
      ? never
      : 'REQUESTED_ACCESS')
  | (SameType<(typeof errorCodes)[number], contracts.ErrorCode> extends true ? never : 'errorCodes');
/** A type error here names the copy whose contract changed (e.g. `"AuditResponse"` is not assignable to `true`). */
export const NO_DRIFT: [DriftedSchema | DriftedConstant] extends [never]
  ? true
  : DriftedSchema | DriftedConstant = true;
