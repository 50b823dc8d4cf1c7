import {
  AuditResponse,
  AuthorizeRequest,
  AuthorizeResponse,
  ConfirmSwitchRequest,
  ConnectionActionResponse,
  ConnectionStatusResponse,
  CreateAccountRequest,
  CreateAccountResponse,
  CreateItemRequest,
  CreateItemResponse,
  CreateTaxCodeRequest,
  CreateTaxCodeResponse,
  CustomerMatchesResponse,
  DirectionResponse,
  EmptyRequest,
  SetupProgressResponse,
  ExoEvent,
  ExoEventAck,
  HealthResponse,
  IntuitWebhookAck,
  MappingStateResponse,
  MeResponse,
  ReadyResponse,
  SaveMappingRequest,
  SaveMappingResponse,
  SaveMatchesRequest,
  SaveMatchesResponse,
  SetDirectionRequest,
  SyncFailuresResponse,
  HeldRecordsResponse,
  ReleaseHeldRequest,
  ReleaseHeldResponse,
  SyncRecordParams,
  SyncRunResponse,
  SyncSettingsRequest,
  SyncSettingsResponse,
  SyncSummaryResponse,
} from '@exoserva/contracts';
import { z } from 'zod';
import { BACKFILL_API_ROUTES } from './backfill-api-registry.ts';
import { SYNC_STATUS_API_ROUTES } from './sync-status-api-registry.ts';
import { NOTIFICATION_API_ROUTES } from './notifications-api-registry.ts';
import { RECONCILIATION_API_ROUTES } from './reconciliation-api-registry.ts';
import { TEST_SYNC_API_ROUTES } from './test-sync-api-registry.ts';

/**
 * Who may call a route. `admin` = a session whose role is owner or tenant_admin; `session` = any role;
 * the two signed receivers carry their own HMAC; `public` needs nothing (health, OAuth browser hops, docs);
 * `operator` = public unless BFF_METRICS_TOKEN is set.
 */
export type RouteAuth =
  'public' | 'operator' | 'session' | 'admin' | 'exoserva-signature' | 'intuit-signature';

export interface NamedSchema {
  /** The contracts export name; becomes `#/components/schemas/<name>`. */
  name: string;
  schema: z.ZodType;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Hono syntax (`:kind`); the OpenAPI document turns it into `{kind}`. */
  path: string;
  auth: RouteAuth;
  tag: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON body the route parses (with `readJson`). Absent: the route takes no body. */
  body?: NamedSchema;
  /** A valid body: documentation, and the base the hostile-input suite mutates. */
  example?: unknown;
  /** The success answer(s). `schema` absent: not JSON (a redirect, HTML, text). */
  responses: Record<number, { description: string; schema?: NamedSchema; contentType?: string }>;
}

const s = (name: string, schema: z.ZodType): NamedSchema => ({ name, schema });

const OAuthStartQuery = z.object({ ticket: z.string().max(200) });
const OAuthCallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(1024).optional(),
  realmId: z.string().max(64).optional(),
  error: z.string().max(100).optional(),
});

/**
 * Every BFF endpoint, with the same contracts schemas the routes parse with. The OpenAPI document is
 * generated from this list, and a test fails when the live route table has a route this list lacks.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  // ---- operations ---------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/healthz',
    auth: 'public',
    tag: 'operations',
    summary: 'Liveness: the process answers',
    responses: { 200: { description: 'alive', schema: s('HealthResponse', HealthResponse) } },
  },
  {
    method: 'GET',
    path: '/readyz',
    auth: 'public',
    tag: 'operations',
    summary: 'Readiness: database reachable, migrations applied, sync queue readable and not overdue',
    responses: {
      200: { description: 'ready', schema: s('ReadyResponse', ReadyResponse) },
      503: {
        description: 'not ready (same body, with the failing check)',
        schema: s('ReadyResponse', ReadyResponse),
      },
    },
  },
  {
    method: 'GET',
    path: '/metrics',
    auth: 'operator',
    tag: 'operations',
    summary: 'Prometheus metrics (text exposition format 0.0.4)',
    responses: { 200: { description: 'metrics', contentType: 'text/plain; version=0.0.4' } },
  },
  {
    method: 'GET',
    path: '/operator/event-dead-letters',
    auth: 'operator',
    tag: 'operations',
    summary:
      'The latest 100 signed Exoserva events the BFF could not take (invalid, or refused by the store), newest first',
    responses: { 200: { description: '{ deadLetters: [...] }', contentType: 'application/json' } },
  },
  {
    method: 'GET',
    path: '/operator/metered-calls',
    auth: 'operator',
    tag: 'operations',
    summary:
      "Intuit's metered (CorePlus) calls the BFF made this month (or ?month=YYYY-MM), in total and by company and purpose",
    responses: {
      200: { description: '{ month, total, companies: [...] }', contentType: 'application/json' },
    },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    auth: 'public',
    tag: 'operations',
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: { description: 'the document', contentType: 'application/json' } },
  },
  {
    method: 'GET',
    path: '/docs',
    auth: 'public',
    tag: 'operations',
    summary: 'This document as a readable page',
    responses: { 200: { description: 'HTML', contentType: 'text/html' } },
  },
  // ---- session --------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/api/v1/me',
    auth: 'session',
    tag: 'session',
    summary: 'Who the caller is and whether they may manage the integration',
    responses: { 200: { description: 'the caller', schema: s('MeResponse', MeResponse) } },
  },
  // ---- connection -----------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/api/v1/connection',
    auth: 'admin',
    tag: 'connection',
    summary: 'The QuickBooks connection, with a pending company switch if any',
    responses: {
      200: { description: 'status', schema: s('ConnectionStatusResponse', ConnectionStatusResponse) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/connection/authorize',
    auth: 'admin',
    tag: 'connection',
    summary: 'Start the OAuth flow: a one-time start URL for a top-level navigation or a popup',
    body: s('AuthorizeRequest', AuthorizeRequest),
    example: { returnTo: 'https://app.exoserva.com/settings/integrations/quickbooks', mode: 'popup' },
    responses: { 200: { description: 'the start URL', schema: s('AuthorizeResponse', AuthorizeResponse) } },
  },
  {
    method: 'GET',
    path: '/api/v1/oauth/start',
    auth: 'public',
    tag: 'oauth',
    summary: 'Browser hop: sets the HttpOnly binding cookie and redirects to Intuit',
    query: OAuthStartQuery,
    responses: { 302: { description: 'to Intuit, or back to returnTo with qbo_error' } },
  },
  {
    method: 'GET',
    path: '/api/v1/oauth/callback',
    auth: 'public',
    tag: 'oauth',
    summary: "Intuit's redirect back: finishes the flow (cookie-bound state, ADR 0004)",
    query: OAuthCallbackQuery,
    responses: {
      302: { description: 'to returnTo with qbo_connected / qbo_pending_switch / qbo_error' },
      200: {
        description: 'popup mode: a page that posts the outcome to its opener',
        contentType: 'text/html',
      },
      400: { description: 'popup mode, failed', contentType: 'text/html' },
    },
  },
  {
    method: 'GET',
    path: '/api/v1/oauth/reconnect',
    auth: 'public',
    tag: 'oauth',
    summary: "Intuit's Reconnect URL: redirects to the host's QuickBooks view",
    responses: { 302: { description: "to the host's QuickBooks view" } },
  },
  {
    method: 'POST',
    path: '/api/v1/connection/switch',
    auth: 'admin',
    tag: 'connection',
    summary: 'Confirm the pending company switch',
    body: s('ConfirmSwitchRequest', ConfirmSwitchRequest),
    example: { confirm: true },
    responses: {
      200: { description: 'switched', schema: s('ConnectionActionResponse', ConnectionActionResponse) },
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/connection/switch',
    auth: 'admin',
    tag: 'connection',
    summary: 'Cancel the pending company switch (its tokens are revoked)',
    body: s('EmptyRequest', EmptyRequest),
    example: {},
    responses: {
      200: { description: 'cancelled', schema: s('ConnectionActionResponse', ConnectionActionResponse) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/connection/disconnect',
    auth: 'admin',
    tag: 'connection',
    summary: 'Revoke at Intuit and delete the tokens; id links are kept',
    body: s('EmptyRequest', EmptyRequest),
    example: {},
    responses: {
      200: { description: 'disconnected', schema: s('ConnectionActionResponse', ConnectionActionResponse) },
    },
  },
  {
    method: 'GET',
    path: '/api/v1/audit',
    auth: 'admin',
    tag: 'connection',
    summary: 'The audit trail, newest first',
    responses: { 200: { description: 'entries', schema: s('AuditResponse', AuditResponse) } },
  },
  // ---- mapping (guide steps 3–4) ----------------------------------------------------------------------
  {
    method: 'GET',
    path: '/api/v1/mapping',
    auth: 'admin',
    tag: 'mapping',
    summary:
      'Chart of accounts, items, tax codes and the saved or suggested mapping (QuickBooks read at most once a minute)',
    responses: { 200: { description: 'state', schema: s('MappingStateResponse', MappingStateResponse) } },
  },
  {
    method: 'GET',
    path: '/api/v1/setup/progress',
    auth: 'admin',
    tag: 'mapping',
    summary:
      'The guide’s setup step by step (connected, mapping, direction, test sync, auto-sync), no QuickBooks call',
    responses: {
      200: { description: 'progress', schema: s('SetupProgressResponse', SetupProgressResponse) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/mapping/refresh',
    auth: 'admin',
    tag: 'mapping',
    summary: 'The same, read afresh from QuickBooks (the page’s Retry after a change made in QuickBooks)',
    body: s('EmptyRequest', EmptyRequest),
    example: {},
    responses: { 200: { description: 'state', schema: s('MappingStateResponse', MappingStateResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/mapping',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Save the mapping (a new version when anything changed)',
    body: s('SaveMappingRequest', SaveMappingRequest),
    example: {
      accounts: {
        service_revenue: '10',
        product_revenue: '11',
        sales_tax_payable: '7',
        discounts: '12',
        bank_deposit: '1',
        undeposited_funds: '4',
        merchant_fees: '15',
        refund_source: '1',
      },
      laborItemId: '1',
      partsItemId: '3',
      taxCodes: { tax_denver: '3' },
      paymentRouting: { cash: 'undeposited_funds', check: 'undeposited_funds' },
      confirmRemap: false,
      repost: null,
    },
    responses: { 200: { description: 'saved', schema: s('SaveMappingResponse', SaveMappingResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/mapping/accounts',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Create a QuickBooks account for a concept',
    body: s('CreateAccountRequest', CreateAccountRequest),
    example: { concept: 'merchant_fees', name: 'Card processing fees' },
    responses: { 201: { description: 'created', schema: s('CreateAccountResponse', CreateAccountResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/mapping/items',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Create a QuickBooks item for labor or parts',
    body: s('CreateItemRequest', CreateItemRequest),
    example: { kind: 'labor', name: 'Field labor', incomeAccountId: '10' },
    responses: { 201: { description: 'created', schema: s('CreateItemResponse', CreateItemResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/mapping/tax-codes',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Create the QuickBooks tax code an Exoserva tax rate needs (manual sales tax)',
    body: s('CreateTaxCodeRequest', CreateTaxCodeRequest),
    example: { taxRateId: 'tax_denver' },
    responses: { 201: { description: 'created', schema: s('CreateTaxCodeResponse', CreateTaxCodeResponse) } },
  },
  {
    method: 'GET',
    path: '/api/v1/customer-direction',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Customer sync direction (one-way or two-way)',
    responses: { 200: { description: 'direction', schema: s('DirectionResponse', DirectionResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/customer-direction',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Choose the customer sync direction',
    body: s('SetDirectionRequest', SetDirectionRequest),
    example: { direction: 'one_way' },
    responses: { 200: { description: 'saved', schema: s('DirectionResponse', DirectionResponse) } },
  },
  {
    method: 'GET',
    path: '/api/v1/customer-matches',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Suggested matches between Exoserva and QuickBooks customers',
    responses: {
      200: { description: 'matches', schema: s('CustomerMatchesResponse', CustomerMatchesResponse) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/customer-matches',
    auth: 'admin',
    tag: 'mapping',
    summary: 'Save match decisions (link, or create on first sync)',
    body: s('SaveMatchesRequest', SaveMatchesRequest),
    example: { decisions: [{ exoservaId: 'cus_1001', qboId: '58' }] },
    responses: { 200: { description: 'saved', schema: s('SaveMatchesResponse', SaveMatchesResponse) } },
  },
  // ---- sync -------------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/api/v1/sync/summary',
    auth: 'admin',
    tag: 'sync',
    summary: 'Where the tenant’s sync stands',
    responses: { 200: { description: 'summary', schema: s('SyncSummaryResponse', SyncSummaryResponse) } },
  },
  {
    method: 'GET',
    path: '/api/v1/sync/failures',
    auth: 'admin',
    tag: 'sync',
    summary: 'Records that need a person, with the fix in plain words',
    responses: { 200: { description: 'failures', schema: s('SyncFailuresResponse', SyncFailuresResponse) } },
  },
  {
    method: 'PUT',
    path: '/api/v1/sync/settings',
    auth: 'admin',
    tag: 'sync',
    summary: 'Turn auto-sync on or off',
    body: s('SyncSettingsRequest', SyncSettingsRequest),
    example: { autoSync: true },
    responses: { 200: { description: 'saved', schema: s('SyncSettingsResponse', SyncSettingsResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/sync/run',
    auth: 'admin',
    tag: 'sync',
    summary: 'Sync Now / Retry all for the tenant',
    body: s('EmptyRequest', EmptyRequest),
    example: {},
    responses: { 200: { description: 'queued', schema: s('SyncRunResponse', SyncRunResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/sync/records/:kind/:id/run',
    auth: 'admin',
    tag: 'sync',
    summary: 'Sync Now / Retry one record',
    params: SyncRecordParams,
    body: s('EmptyRequest', EmptyRequest),
    example: {},
    responses: { 200: { description: 'queued', schema: s('SyncRunResponse', SyncRunResponse) } },
  },
  {
    method: 'GET',
    path: '/api/v1/sync/held',
    auth: 'admin',
    tag: 'sync',
    summary: 'Records created or changed while QuickBooks was disconnected (never synced unless released)',
    responses: {
      200: { description: 'held records', schema: s('HeldRecordsResponse', HeldRecordsResponse) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/sync/held/release',
    auth: 'admin',
    tag: 'sync',
    summary: 'Sync held records (all, or the listed ones); only while connected',
    body: s('ReleaseHeldRequest', ReleaseHeldRequest),
    example: { records: [{ kind: 'customer', id: 'cus_1001' }] },
    responses: { 200: { description: 'released', schema: s('ReleaseHeldResponse', ReleaseHeldResponse) } },
  },
  ...SYNC_STATUS_API_ROUTES,
  ...BACKFILL_API_ROUTES,
  ...NOTIFICATION_API_ROUTES,
  ...RECONCILIATION_API_ROUTES,
  ...TEST_SYNC_API_ROUTES,
  {
    method: 'POST',
    path: '/api/v1/exoserva/events',
    auth: 'exoserva-signature',
    tag: 'receivers',
    summary: "Exoserva's signed domain events (exoserva-signature: t=<unix>,v1=<hex HMAC-SHA256>)",
    body: s('ExoEvent', ExoEvent),
    example: {
      id: 'evt_01',
      type: 'invoice.created',
      tenantId: 'ten_summit',
      occurredAt: '2026-11-24T12:00:00.000Z',
      data: { objectId: 'inv_1001', objectVersion: 1 },
    },
    responses: { 200: { description: 'stored (or a duplicate)', schema: s('ExoEventAck', ExoEventAck) } },
  },
  {
    method: 'POST',
    path: '/api/v1/intuit/webhooks',
    auth: 'intuit-signature',
    tag: 'receivers',
    summary:
      "Intuit's webhooks, legacy eventNotifications or CloudEvents (intuit-signature: base64 HMAC-SHA256)",
    body: s('IntuitWebhook', z.unknown().describe('eventNotifications object or CloudEvents array')),
    example: {
      eventNotifications: [
        {
          realmId: '9130350000001',
          dataChangeEvent: { entities: [{ name: 'Customer', id: '58', operation: 'Update' }] },
        },
      ],
    },
    responses: { 200: { description: 'queued', schema: s('IntuitWebhookAck', IntuitWebhookAck) } },
  },
];

/** `METHOD /path` keys, the form the route-table test compares. */
export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
