import {
  EmptyRequest,
  LinkRecordRequest,
  ReconcileFixResponse,
  ReconcileRequest,
  ReconciliationOverview,
  ReconciliationReport,
  ResyncParams,
} from '@exoserva/contracts';
import type { ApiRoute, NamedSchema } from './api-registry.ts';

const s = (name: string, schema: NamedSchema['schema']): NamedSchema => ({ name, schema });

/** The monthly reconciliation endpoints (GUIDE step 8), spread into API_ROUTES. */
export const RECONCILIATION_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/reconciliation',
    auth: 'admin',
    tag: 'reconciliation',
    summary: 'The default month (last month in the company’s time zone) and the monthly discrepancy trend',
    responses: {
      200: { description: 'overview', schema: s('ReconciliationOverview', ReconciliationOverview) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/reconciliation/runs',
    auth: 'admin',
    tag: 'reconciliation',
    summary:
      'Reconcile a month from QuickBooks’ reports and queries against Exoserva, and store its discrepancy for the trend',
    body: s('ReconcileRequest', ReconcileRequest),
    example: { month: '2026-05' },
    responses: {
      200: { description: 'the report', schema: s('ReconciliationReport', ReconciliationReport) },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/reconciliation/records/:kind/:id/resync',
    auth: 'admin',
    tag: 'reconciliation',
    summary: 'Re-sync a synced record: send every field again over what QuickBooks holds now',
    params: ResyncParams,
    body: s('EmptyRequest', EmptyRequest),
    example: {},
    responses: { 200: { description: 'queued', schema: s('ReconcileFixResponse', ReconcileFixResponse) } },
  },
  {
    method: 'POST',
    path: '/api/v1/reconciliation/links',
    auth: 'admin',
    tag: 'reconciliation',
    summary:
      'Link a document entered by hand in QuickBooks to its Exoserva record, then sync Exoserva’s version over it',
    body: s('LinkRecordRequest', LinkRecordRequest),
    example: { kind: 'invoice', exoservaId: 'inv_1001', quickbooksId: '145' },
    responses: { 200: { description: 'queued', schema: s('ReconcileFixResponse', ReconcileFixResponse) } },
  },
];
