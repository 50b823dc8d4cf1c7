import type {
  AuditEntry,
  ConnectionStatusResponse,
  ErrorCode,
  HeldRecordsResponse,
  MeResponse,
} from '@exoserva/contracts';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import {
  auditEntries,
  disconnectedStatus,
  ownerMe,
  technicianMe,
  tenantAdminMe,
} from './fixtures/connection.ts';
import { defaultNotificationSettings, noNotifications } from './fixtures/notifications.ts';

/** Where stories and tests pretend the BFF lives. */
export const FAKE_BFF_URL = 'https://bff.test';

export type Role = 'owner' | 'tenant_admin' | 'technician';

/** A BFF failure: an error envelope with its HTTP status, a dropped connection, or no answer at all. */
export type Failure = { error: ErrorCode; status: number } | 'network_error' | 'never';

/** What the fake BFF answers, by endpoint. Every body is a contract-typed fixture. */
export interface BffScenario {
  me?: MeResponse | Failure;
  connection?: ConnectionStatusResponse | Failure;
  audit?: AuditEntry[] | Failure;
  disconnect?: 'ok' | Failure;
  authorize?: 'ok' | Failure;
  switch?: 'ok' | Failure;
}

function isFailure(value: unknown): value is Failure {
  return (
    value === 'network_error' ||
    value === 'never' ||
    (typeof value === 'object' && value !== null && 'error' in value)
  );
}

async function fail(failure: Failure): Promise<Response> {
  if (failure === 'never') {
    await delay('infinite');
    return HttpResponse.error();
  }
  if (failure === 'network_error') return HttpResponse.error();
  return HttpResponse.json(
    {
      error: {
        code: failure.error,
        message: `The BFF answered ${failure.error}.`,
        requestId: `req-${failure.error}`,
      },
    },
    { status: failure.status },
  );
}

function answer<T>(value: T | Failure, body: (value: T) => unknown) {
  return async () => (isFailure(value) ? fail(value) : HttpResponse.json(body(value) as object));
}

/**
 * MSW handlers for the BFF endpoints the wizard calls, built from the fixtures. Used by Storybook (service
 * worker) and by the stories-as-tests run (msw/node). Defaults: an Owner, disconnected, the fixture audit log.
 */
export function bffHandlers(scenario: BffScenario = {}, baseUrl: string = FAKE_BFF_URL): HttpHandler[] {
  const url = (path: string) => `${baseUrl}${path}`;
  const ok = (value: 'ok' | Failure | undefined, body?: unknown) => async () =>
    value && value !== 'ok'
      ? fail(value)
      : body === undefined
        ? new HttpResponse(null, { status: 204 })
        : HttpResponse.json(body as object);
  return [
    http.get(
      url('/api/v1/me'),
      answer(scenario.me ?? ownerMe, (me) => me),
    ),
    http.get(
      url('/api/v1/connection'),
      answer(scenario.connection ?? disconnectedStatus, (s) => s),
    ),
    http.get(
      url('/api/v1/audit'),
      answer(scenario.audit ?? auditEntries, (entries) => ({ entries })),
    ),
    http.post(url('/api/v1/connection/disconnect'), ok(scenario.disconnect)),
    http.post(
      url('/api/v1/connection/authorize'),
      ok(scenario.authorize, {
        url: `${baseUrl}/api/v1/oauth/start?t=story`,
        expiresAt: '2030-01-01T00:00:00.000Z',
      }),
    ),
    http.post(url('/api/v1/connection/switch'), ok(scenario.switch)),
    http.delete(url('/api/v1/connection/switch'), ok(scenario.switch)),
    // The Connect step asks for records held while disconnected: none, unless a story says otherwise.
    http.get(url('/api/v1/sync/held'), () =>
      HttpResponse.json({ records: [], total: 0 } satisfies HeldRecordsResponse),
    ),
    // Every connected admin screen polls these (the failure watcher behind onSyncFailed).
    http.get(url('/api/v1/notifications'), () => HttpResponse.json(noNotifications)),
    http.get(url('/api/v1/notifications/settings'), () => HttpResponse.json(defaultNotificationSettings)),
  ];
}

/**
 * What the toolbar's role changes: who /me says is signed in and, for a Technician, the BFF's 403 on the
 * connection (as the real BFF answers). Prepended to a story's own handlers, so it wins.
 */
export function roleHandlers(role: Role, baseUrl: string = FAKE_BFF_URL): HttpHandler[] {
  if (role === 'owner') return [];
  if (role === 'tenant_admin')
    return [http.get(`${baseUrl}/api/v1/me`, () => HttpResponse.json(tenantAdminMe))];
  const forbidden: Failure = { error: 'forbidden', status: 403 };
  return [
    http.get(`${baseUrl}/api/v1/me`, () => HttpResponse.json(technicianMe)),
    http.get(`${baseUrl}/api/v1/connection`, () => fail(forbidden)),
    http.get(`${baseUrl}/api/v1/audit`, () => fail(forbidden)),
  ];
}
