import { z } from 'zod';
import { ConnectionStatus } from './connection.ts';

/**
 * The connection endpoints of the BFF, shared by the BFF (validates requests) and the wizard (validates
 * responses). Paths are relative to the BFF's base URL. All need `Authorization: Bearer <session token>`
 * except the two OAuth browser hops (`oauthStart`, `oauthCallback`), which are top-level navigations.
 */
export const connectionApi = {
  status: { method: 'GET', path: '/api/v1/connection' },
  authorize: { method: 'POST', path: '/api/v1/connection/authorize' },
  oauthStart: { method: 'GET', path: '/api/v1/oauth/start' },
  oauthCallback: { method: 'GET', path: '/api/v1/oauth/callback' },
  reconnect: { method: 'GET', path: '/api/v1/oauth/reconnect' },
  confirmSwitch: { method: 'POST', path: '/api/v1/connection/switch' },
  cancelSwitch: { method: 'DELETE', path: '/api/v1/connection/switch' },
  disconnect: { method: 'POST', path: '/api/v1/connection/disconnect' },
  audit: { method: 'GET', path: '/api/v1/audit' },
} as const;

/** Start the OAuth flow. `returnTo` must be on an allow-listed host origin. */
export const AuthorizeRequest = z
  .object({
    returnTo: z.string().url().max(2048),
    mode: z.enum(['redirect', 'popup']).default('redirect'),
  })
  .strict();
export type AuthorizeRequest = z.infer<typeof AuthorizeRequest>;

/** A one-time URL on the BFF the browser navigates to (top level or popup); it redirects to Intuit. */
export const AuthorizeResponse = z.object({ url: z.string().url(), expiresAt: z.string().datetime() });
export type AuthorizeResponse = z.infer<typeof AuthorizeResponse>;

/**
 * A pending company switch: the admin authorized a different QuickBooks company than the connected one.
 * Nothing changes until they confirm; the new tokens wait encrypted and expire.
 */
export const PendingSwitch = z.object({
  from: z.object({ realmId: z.string(), name: z.string() }),
  to: z.object({ realmId: z.string(), name: z.string() }),
  linkedRecords: z.number().int().nonnegative(),
  expiresAt: z.string().datetime(),
});
export type PendingSwitch = z.infer<typeof PendingSwitch>;

export const ConnectionStatusResponse = ConnectionStatus.extend({
  pendingSwitch: PendingSwitch.nullable(),
});
export type ConnectionStatusResponse = z.infer<typeof ConnectionStatusResponse>;

export const ConfirmSwitchRequest = z.object({ confirm: z.literal(true) }).strict();

export const AuditAction = z.enum([
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
]);
export const AuditEntry = z.object({
  id: z.string(),
  at: z.string().datetime(),
  action: AuditAction,
  actor: z.object({ userId: z.string(), name: z.string().nullable(), role: z.string() }).nullable(),
  company: z.object({ realmId: z.string(), name: z.string().nullable() }).nullable(),
  /** English, as recorded. */
  detail: z.string().nullable(),
  /** The same detail as a code and its facts, for the wizard to say in the admin's language (absent on old rows). */
  detailCode: z.string().max(64).optional(),
  // Strings and numbers; typed loosely so the first step's zod/mini copy needs no record or union schema (its
  // byte budget, ADR 0011) — the wizard writes each value with String() or as a count.
  detailParams: z.looseObject({}).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditResponse = z.object({ entries: z.array(AuditEntry) });

/** Query parameters the BFF appends to `returnTo` when the OAuth flow ends. */
export const OAuthResultParam = {
  ok: 'qbo_connected',
  error: 'qbo_error',
  pendingSwitch: 'qbo_pending_switch',
} as const;

/** The message a popup-mode callback posts to its opener before closing. */
export const OAuthPopupMessage = z.object({
  type: z.literal('exoserva-qbo-oauth'),
  outcome: z.enum(['connected', 'error', 'pending_switch']),
  errorCode: z.string().optional(),
});
export type OAuthPopupMessage = z.infer<typeof OAuthPopupMessage>;

/**
 * What confirming or cancelling a switch and disconnecting answer: the connection as it now is, and one
 * sentence for the admin saying what happened (e.g. that earlier id links stay with the old company).
 */
export const ConnectionActionResponse = z.object({
  connection: ConnectionStatusResponse,
  message: z.string(),
});
export type ConnectionActionResponse = z.infer<typeof ConnectionActionResponse>;
