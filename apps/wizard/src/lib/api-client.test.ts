import { ConnectionStatusResponse } from '@exoserva/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { disconnectedStatus } from '../test/fixtures/connection.ts';
import { authorize } from '../features/connection/api/authorize.ts';
import { ApiError, createApiClient } from './api-client.ts';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(handler: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return handler(url, init);
  });
  return calls;
}

describe('api client', () => {
  it('sends the session token as a bearer and returns the validated body', async () => {
    const calls = stubFetch(() => Response.json(disconnectedStatus));
    const client = createApiClient({ bffUrl: 'https://bff.test/', getSessionToken: async () => 'tok-1' });
    const status = await client.request('/api/v1/connection', { schema: ConnectionStatusResponse });
    expect(status.state).toBe('disconnected');
    expect(calls[0]?.url).toBe('https://bff.test/api/v1/connection');
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe('Bearer tok-1');
    // Bearer only: no cookies travel unless a call asks for them.
    expect(calls[0]?.init.credentials).toBeUndefined();
  });

  it('sends and keeps cookies only for the call that asks (the OAuth binding)', async () => {
    const calls = stubFetch(() =>
      Response.json({
        url: 'https://bff.test/api/v1/oauth/start?ticket=t',
        expiresAt: '2026-12-07T12:00:00.000Z',
      }),
    );
    const client = createApiClient({ bffUrl: 'https://bff.test', getSessionToken: () => 'tok-1' });
    await authorize(client, { returnTo: 'https://app.test/qbo', mode: 'redirect' });
    expect(calls[0]?.init.credentials).toBe('include');
  });

  it('turns an error envelope into a typed ApiError', async () => {
    stubFetch(() =>
      Response.json(
        { error: { code: 'forbidden', message: 'Admins only', requestId: 'req-9' } },
        { status: 403 },
      ),
    );
    const client = createApiClient({ bffUrl: 'https://bff.test', getSessionToken: () => 't' });
    const error = await client.request('/api/v1/me', { schema: ConnectionStatusResponse }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'forbidden',
      status: 403,
      requestId: 'req-9',
      message: 'Admins only',
    });
  });

  it('reports an unreachable BFF as a network error', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const client = createApiClient({ bffUrl: 'https://bff.test', getSessionToken: () => 't' });
    await expect(client.request('/api/v1/me', { schema: ConnectionStatusResponse })).rejects.toMatchObject({
      code: 'network_error',
    });
  });

  it('refuses a response that does not match the contract', async () => {
    stubFetch(() => Response.json({ state: 'weird' }));
    const client = createApiClient({ bffUrl: 'https://bff.test', getSessionToken: () => 't' });
    await expect(
      client.request('/api/v1/connection', { schema: ConnectionStatusResponse }),
    ).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });
});
