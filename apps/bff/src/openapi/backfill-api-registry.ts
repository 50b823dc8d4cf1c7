import {
  BackfillCurrentResponse,
  BackfillJob,
  BackfillJobParams,
  BackfillPreviewResponse,
  BackfillRangeRequest,
  EmptyRequest,
} from '@exoserva/contracts';
import type { ApiRoute } from './api-registry.ts';

const range = { name: 'BackfillRangeRequest', schema: BackfillRangeRequest };
const job = { description: 'the job', schema: { name: 'BackfillJob', schema: BackfillJob } };
const control = (action: 'pause' | 'resume' | 'cancel', summary: string): ApiRoute => ({
  method: 'POST',
  path: `/api/v1/backfill/jobs/:id/${action}`,
  auth: 'admin',
  tag: 'backfill',
  summary,
  params: BackfillJobParams,
  body: { name: 'EmptyRequest', schema: EmptyRequest },
  example: {},
  responses: { 200: job },
});

/** The backfill endpoints (issue 8), spread into API_ROUTES. */
export const BACKFILL_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/api/v1/backfill/preview',
    auth: 'admin',
    tag: 'backfill',
    summary:
      'What a backfill of a date range would send, and what QuickBooks already has (linked, not created)',
    body: range,
    example: { from: '2026-10-01', to: '2026-10-31', kinds: ['invoice', 'payment'] },
    responses: {
      200: {
        description: 'preview',
        schema: { name: 'BackfillPreviewResponse', schema: BackfillPreviewResponse },
      },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/backfill/jobs',
    auth: 'admin',
    tag: 'backfill',
    summary: 'Start a backfill of a date range as a background job (one per account at a time); audited',
    body: range,
    example: { from: '2026-10-01', to: '2026-10-31' },
    responses: { 201: job },
  },
  {
    method: 'GET',
    path: '/api/v1/backfill/jobs/current',
    auth: 'admin',
    tag: 'backfill',
    summary: 'The running or paused backfill (or re-post), else the last one, with progress and ETA',
    responses: {
      200: {
        description: 'the job or null',
        schema: { name: 'BackfillCurrentResponse', schema: BackfillCurrentResponse },
      },
    },
  },
  control('pause', 'Pause: stop feeding the queue; records already handed over finish; audited'),
  control('resume', 'Resume a paused job; audited'),
  control('cancel', 'Cancel: nothing more is fed; records already handed over finish; audited'),
];
