import type {
  FailureSearchResponse,
  LinkCandidatesResponse,
  RecordTimelineResponse,
  SyncActivityResponse,
  SyncStatusResponse,
} from '@exoserva/contracts';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { bffHandlers, FAKE_BFF_URL, type Failure } from './bff-handlers.ts';
import { connectedStatus } from './fixtures/connection.ts';
import {
  activityFixture,
  guideFailures,
  ignoredFailures,
  linkCandidates,
  statusHealthy,
  timelineSynced,
} from './fixtures/sync-status.ts';

/** What the fake BFF answers on the Sync Status endpoints (issue 7); defaults are a healthy tenant. */
export interface SyncStatusScenario {
  status?: SyncStatusResponse | Failure;
  activity?: SyncActivityResponse | Failure;
  failures?: FailureSearchResponse | Failure;
  ignored?: FailureSearchResponse;
  timeline?: RecordTimelineResponse | Failure;
  candidates?: LinkCandidatesResponse | Failure;
}

const isFailure = (v: unknown): v is Failure =>
  v === 'never' || v === 'network_error' || (typeof v === 'object' && v !== null && 'error' in v);

async function reply(value: unknown): Promise<Response> {
  if (!isFailure(value)) return HttpResponse.json(value as object);
  if (value === 'never') {
    await delay('infinite');
    return HttpResponse.error();
  }
  if (value === 'network_error') return HttpResponse.error();
  return HttpResponse.json(
    {
      error: {
        code: value.error,
        message: `The BFF answered ${value.error}.`,
        requestId: `req-${value.error}`,
      },
    },
    { status: value.status },
  );
}

/** MSW handlers for the Sync Status screens, plus the connection and /me of a connected Owner. */
export function syncStatusHandlers(scenario: SyncStatusScenario = {}, baseUrl = FAKE_BFF_URL): HttpHandler[] {
  const url = (path: string) => `${baseUrl}${path}`;
  return [
    http.get(url('/api/v1/sync/status'), () => reply(scenario.status ?? statusHealthy)),
    http.get(url('/api/v1/sync/status/activity'), () => reply(scenario.activity ?? activityFixture())),
    http.post(url('/api/v1/sync/status/failures'), async ({ request }) => {
      const body = (await request.json()) as { ignored?: boolean };
      return reply(
        body.ignored ? (scenario.ignored ?? ignoredFailures) : (scenario.failures ?? guideFailures),
      );
    }),
    http.post(url('/api/v1/sync/status/retry'), () => reply({ queued: 3 })),
    http.post(url('/api/v1/sync/records/:kind/:id/run'), () => reply({ queued: 1 })),
    http.get(url('/api/v1/sync/records/:kind/:id/timeline'), () =>
      reply(scenario.timeline ?? timelineSynced),
    ),
    http.post(url('/api/v1/sync/records/:kind/:id/link-candidates'), () =>
      reply(scenario.candidates ?? linkCandidates),
    ),
    http.post(url('/api/v1/sync/records/:kind/:id/link'), () => reply({ qboId: '58', queued: 1 })),
    http.post(url('/api/v1/sync/records/:kind/:id/ignore'), () =>
      reply({
        ignored: {
          at: '2026-11-24T15:00:00.000Z',
          userId: 'user-owner',
          name: 'Dana Whitfield',
          reason: 'x',
        },
      }),
    ),
    http.post(url('/api/v1/sync/records/:kind/:id/unignore'), () => reply({ ignored: null })),
    ...bffHandlers({ connection: connectedStatus }, baseUrl),
  ];
}
