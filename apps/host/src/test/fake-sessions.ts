import type { Session, SessionRole } from '../lib/session.ts';

const people: Record<SessionRole, Session['user']> = {
  owner: { id: 'user-owner', name: 'Dana Whitfield', role: 'owner' },
  tenant_admin: { id: 'user-admin', name: 'Priya Raman', role: 'tenant_admin' },
  technician: { id: 'user-tech', name: 'Luis Ortega', role: 'technician' },
};

/** A stand-in for POST /api/dev/session of the Exoserva sandbox: one fixed person per role. */
export function fakeSessionFetch() {
  const requests: Array<{ url: string; role: SessionRole }> = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    const { role } = JSON.parse(String(init?.body)) as { role: SessionRole };
    requests.push({ url, role });
    const session: Session = {
      token: `token-${role}`,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      user: people[role],
      tenant: { id: 'tenant-summit', name: 'Summit HVAC' },
    };
    return Response.json(session);
  }) as typeof fetch;
  return { fetchImpl, requests };
}
