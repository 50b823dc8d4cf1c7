import {
  EmptyRequest,
  TestSyncCurrentResponse,
  TestSyncRun,
  TestSyncRunParams,
  TestSyncStartRequest,
  testSyncApi,
} from '@exoserva/contracts';
import type { ApiRoute } from './api-registry.ts';

const run = { description: 'the run', schema: { name: 'TestSyncRun', schema: TestSyncRun } };

/** The test sync endpoints (issue 7, GUIDE step 5), spread into API_ROUTES. */
export const TEST_SYNC_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: testSyncApi.current.path,
    auth: 'admin',
    tag: 'test-sync',
    summary: 'The latest test sync run, and whether a passing test unlocks auto-sync',
    responses: {
      200: {
        description: 'current',
        schema: { name: 'TestSyncCurrentResponse', schema: TestSyncCurrentResponse },
      },
    },
  },
  {
    method: 'POST',
    path: testSyncApi.start.path,
    auth: 'admin',
    tag: 'test-sync',
    summary:
      'Run the guide’s test: Test Customer ZZ, a $1.00 Service Revenue invoice, paid, Sync Now, then read back and checked (400 for $0.00)',
    body: { name: 'TestSyncStartRequest', schema: TestSyncStartRequest },
    example: { amountCents: 100 },
    responses: { 201: run },
  },
  {
    method: 'POST',
    path: testSyncApi.cleanup.path,
    auth: 'admin',
    tag: 'test-sync',
    summary:
      'Remove the run’s records on both sides (QuickBooks: delete, void, or make the customer inactive) and say what was done',
    params: TestSyncRunParams,
    body: { name: 'EmptyRequest', schema: EmptyRequest },
    example: {},
    responses: { 200: run },
  },
];
