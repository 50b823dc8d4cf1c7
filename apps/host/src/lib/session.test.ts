import { describe, expect, it } from 'vitest';
import { fakeSessionFetch } from '../test/fake-sessions.ts';
import { SessionStore } from './session.ts';

describe('session store', () => {
  it('answers getToken from the cache and fetches once for concurrent callers', async () => {
    const fake = fakeSessionFetch();
    const store = new SessionStore('https://exoserva.test', 'owner', fake.fetchImpl);
    const [a, b] = await Promise.all([store.getToken(), store.getToken()]);
    expect(a).toBe('token-owner');
    expect(b).toBe('token-owner');
    await store.getToken();
    expect(fake.requests).toHaveLength(1);
  });
});
