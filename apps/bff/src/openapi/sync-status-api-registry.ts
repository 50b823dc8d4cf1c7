import {
  BulkRetryRequest,
  EmptyRequest,
  FailureSearchRequest,
  FailureSearchResponse,
  IgnoreRequest,
  IgnoreResponse,
  LinkCandidatesRequest,
  LinkCandidatesResponse,
  LinkRequest,
  LinkResponse,
  RecordTimelineResponse,
  SyncActivityResponse,
  SyncRecordParams,
  SyncRunResponse,
  SyncStatusResponse,
} from '@exoserva/contracts';
import type { ApiRoute, NamedSchema } from './api-registry.ts';

const s = (name: string, schema: NamedSchema['schema']): NamedSchema => ({ name, schema });
const record = (
  method: 'GET' | 'POST',
  action: string,
  summary: string,
  body: NamedSchema | undefined,
  example: unknown,
  response: NamedSchema,
): ApiRoute => ({
  method,
  path: `/api/v1/sync/records/:kind/:id/${action}`,
  auth: 'admin',
  tag: 'sync-status',
  summary,
  params: SyncRecordParams,
  ...(body ? { body, example } : {}),
  responses: { 200: { description: 'ok', schema: response } },
});
const ignoreAnswer = s('IgnoreResponse', IgnoreResponse);

/** The Sync Status dashboard (issue 7, GUIDE step 7), spread into API_ROUTES. */
export const SYNC_STATUS_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/sync/status',
    auth: 'admin',
    tag: 'sync-status',
    summary: 'Last successful sync, Pending with its ETA, Failed (not ignored), held and paused states',
    responses: { 200: { description: 'status', schema: s('SyncStatusResponse', SyncStatusResponse) } },
  },
  {
    method: 'GET',
    path: '/api/v1/sync/status/activity',
    auth: 'admin',
    tag: 'sync-status',
    summary: 'Records synced and failed per hour over the last 30 days (the daily chart)',
    responses: {
      200: { description: 'activity', schema: s('SyncActivityResponse', SyncActivityResponse) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/sync/status/failures',
    auth: 'admin',
    tag: 'sync-status',
    summary: 'The Failed list: filter by kind, failure code or ignored; search by id, name or number',
    body: s('FailureSearchRequest', FailureSearchRequest),
    example: { kind: 'customer', code: 'customer_name_conflict', search: 'Smith', limit: 50 },
    responses: {
      200: { description: 'failed records', schema: s('FailureSearchResponse', FailureSearchResponse) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/sync/status/retry',
    auth: 'admin',
    tag: 'sync-status',
    summary: 'Retry the selected failed records, or every open failure matching a filter',
    body: s('BulkRetryRequest', BulkRetryRequest),
    example: { records: [{ kind: 'invoice', id: 'inv_1001' }] },
    responses: { 200: { description: 'queued', schema: s('SyncRunResponse', SyncRunResponse) } },
  },
  record(
    'GET',
    'timeline',
    'One record’s way to QuickBooks: queued, sent (payload, requestid), QuickBooks id and SyncToken, failures',
    undefined,
    undefined,
    s('RecordTimelineResponse', RecordTimelineResponse),
  ),
  record(
    'POST',
    'ignore',
    'Ignore a failed record (audited, with a reason): it leaves the Failed count and bulk retries',
    s('IgnoreRequest', IgnoreRequest),
    { reason: 'Entered by hand in QuickBooks already' },
    ignoreAnswer,
  ),
  record(
    'POST',
    'unignore',
    'Stop ignoring a failed record',
    s('EmptyRequest', EmptyRequest),
    {},
    ignoreAnswer,
  ),
  record(
    'POST',
    'link-candidates',
    'QuickBooks customers a failed customer could be linked to (default: the conflicting name)',
    s('LinkCandidatesRequest', LinkCandidatesRequest),
    { search: 'Smith Plumbing' },
    s('LinkCandidatesResponse', LinkCandidatesResponse),
  ),
  record(
    'POST',
    'link',
    'Link a failed customer to an existing QuickBooks customer, then sync it again (no duplicate is created)',
    s('LinkRequest', LinkRequest),
    { qboCustomerId: '58' },
    s('LinkResponse', LinkResponse),
  ),
];
