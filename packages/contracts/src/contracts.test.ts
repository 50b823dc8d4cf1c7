import { describe, expect, it } from 'vitest';
import { ConnectionStatus, ErrorEnvelope, SessionClaims } from './index.ts';

describe('contracts', () => {
  it('accepts a well-formed error envelope and rejects an unknown code', () => {
    const ok = { error: { code: 'forbidden', message: 'Admins only', requestId: 'r1' } };
    expect(ErrorEnvelope.parse(ok)).toEqual(ok);
    expect(ErrorEnvelope.safeParse({ error: { ...ok.error, code: 'nope' } }).success).toBe(false);
  });

  it('rejects session claims with a role Exoserva does not have', () => {
    const claims = { sub: 'u1', tid: 't1', role: 'owner', exp: 1 };
    expect(SessionClaims.parse(claims).role).toBe('owner');
    expect(SessionClaims.safeParse({ ...claims, role: 'superuser' }).success).toBe(false);
  });

  it('never lets a token field through the connection status', () => {
    const status = ConnectionStatus.parse({
      state: 'connected',
      company: { realmId: '9341452', name: 'Acme HVAC' },
      connectedAt: '2026-11-01T10:00:00.000Z',
      reason: null,
      hardExpiresAt: null,
      environment: 'sandbox',
      accessToken: 'should be stripped',
    });
    expect(status).not.toHaveProperty('accessToken');
  });
});
